from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..access import STAFF_ROLES, Role, roles_required
from ..auth.forms import EMAIL_TAKEN
from ..auth.models import User
from ..auth.services import EmailTaken, change_role, create_staff_user, set_active
from ..extensions import db
from ..forms import EmptyForm
from ..mail.delivery import resend
from ..mail.models import OutboxMessage
from ..pagination import paginate
from . import bp
from .forms import StaffAccountForm

ROLE_FILTERS = [role.value for role in Role]


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    role = request.args.get("role")
    query = select(User).order_by(User.role, User.email)
    if role in ROLE_FILTERS:
        query = query.where(User.role == Role(role))
    return render_template(
        "admin/users.html",
        page=paginate(query),
        role=role,
        roles=list(Role),
        staff_roles=STAFF_ROLES,
        form=EmptyForm(),
    )


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_user():
    form = StaffAccountForm()
    if form.validate_on_submit():
        try:
            user = create_staff_user(form.email.data, Role(form.role.data), actor=current_user)
        except EmailTaken:
            db.session.rollback()
            form.email.errors.append(EMAIL_TAKEN)
            return render_template("admin/new_user.html", form=form), 400
        db.session.commit()
        flash(
            _("%(email)s can now set a password from the link in their mail.", email=user.email),
            "success",
        )
        return redirect(url_for("admin.users"))
    return render_template("admin/new_user.html", form=form)


def _get_user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@roles_required(Role.ADMIN)
def set_user_active(user_id: int):
    user = _get_user_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    activate = request.form.get("active") == "1"
    if user.id == current_user.id and not activate:
        flash(_("You cannot deactivate your own account."), "error")
    else:
        set_active(user, activate, actor=current_user)
        db.session.commit()
        if activate:
            flash(_("%(email)s is reactivated.", email=user.email), "success")
        else:
            flash(
                _("%(email)s is deactivated and signed out everywhere.", email=user.email),
                "success",
            )
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@roles_required(Role.ADMIN)
def set_user_role(user_id: int):
    user = _get_user_or_404(user_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    wanted = request.form.get("role")
    if wanted not in {r.value for r in STAFF_ROLES} or user.role == Role.MERCHANT:
        abort(400)
    if user.id == current_user.id:
        flash(_("You cannot change your own role; ask another admin."), "error")
    elif user.role != Role(wanted):
        change_role(user, Role(wanted), current_user)
        db.session.commit()
        flash(
            _("%(email)s is now %(role)s.", email=user.email, role=Role(wanted).label.lower()),
            "success",
        )
    return redirect(url_for("admin.users", role=request.args.get("role")))


@bp.route("/outbox")
@roles_required(Role.ADMIN)
def outbox():
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    if request.args.get("status") == "failed":
        query = query.where(OutboxMessage.status == "failed")
    return render_template("admin/outbox.html", page=paginate(query), form=EmptyForm())


@bp.route("/outbox/<int:message_id>/resend", methods=["POST"])
@roles_required(Role.ADMIN)
def resend_message(message_id: int):
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        resend(message, current_user.id)
    except ValueError:
        flash(_("Only a message that failed is resent."), "error")
    else:
        db.session.commit()
        flash(
            _("The message to %(recipient)s is queued again.", recipient=message.recipient),
            "success",
        )
    return redirect(url_for("admin.outbox_message", message_id=message.id))


@bp.route("/outbox/<int:message_id>")
@roles_required(Role.ADMIN)
def outbox_message(message_id: int):
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    return render_template("admin/outbox_message.html", message=message, form=EmptyForm())


@bp.route("/activities")
@roles_required(Role.ADMIN)
def activities():
    from ..onboarding.activities.models import Activity

    query = select(Activity).order_by(Activity.registration_opens_at.desc(), Activity.id.desc())
    return render_template("admin/activities.html", page=paginate(query))


@bp.route("/activities/new", methods=["GET", "POST"])
@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_activity(activity_id: int | None = None):
    from ..audit import audit
    from ..onboarding.activities.models import Activity
    from .activity_forms import ActivityForm

    activity = db.session.get(Activity, activity_id) if activity_id else Activity()
    if activity is None:
        abort(404)
    form = ActivityForm(obj=activity)
    if form.validate_on_submit():
        form.populate_obj(activity)
        if activity.description is None:
            activity.description = ""
        db.session.add(activity)
        db.session.flush()
        audit(
            actor_id=current_user.id,
            subject_kind="activity",
            subject_id=activity.id,
            action="edit_activity" if activity_id else "create_activity",
        )
        db.session.commit()
        flash(_("Promotion “%(name)s” saved.", name=activity.name), "success")
        return redirect(url_for("admin.activities"))
    return render_template(
        "admin/activity_form.html", form=form, activity=activity if activity_id else None
    ), (400 if form.errors else 200)
