from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select

from ..access import STAFF_ROLES, Role, roles_required
from ..auth.forms import EMAIL_TAKEN
from ..auth.models import User
from ..auth.services import EmailTaken, change_role, create_staff_user, set_active
from ..edit_version import EditedElsewhere
from ..extensions import db
from ..forms import EmptyForm
from ..growth.accounts import book_size, manager_or_none, managers, move_book
from ..mail.delivery import resend
from ..mail.models import OutboxMessage
from ..pagination import paginate
from ..workflow.claims import claims_held, release_claims
from . import bp
from .forms import StaffAccountForm

ROLE_FILTERS = [role.value for role in Role]


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    role = request.args.get("role")
    # accounts have an address, not a name: the search reads the address, any part of it
    search = (request.args.get("q") or "").strip().lower()[:254]
    query = select(User).order_by(User.role, User.email)
    if role in ROLE_FILTERS:
        query = query.where(User.role == Role(role))
    if search:
        query = query.where(User.email.contains(search, autoescape=True))
    return render_template(
        "admin/users.html",
        page=paginate(query),
        search=search,
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
    elif not activate and not user.active:
        flash(_("%(email)s is already deactivated.", email=user.email), "info")
    elif activate:
        if set_active(user, True, actor=current_user):
            db.session.commit()
        flash(_("%(email)s is reactivated.", email=user.email), "success")
    else:
        return _deactivate(user)
    return redirect(url_for("admin.users"))


def _deactivate(user: User):
    """Deactivation asks first, saying what happens to the person's claimed queue items and
    book, and takes the new manager for the book as part of it (the book is otherwise listed
    as unmanaged for handover): a deactivated reviewer's work was orphaned on one click."""
    claims = claims_held(user.id)
    book = book_size(user.id) if user.role == Role.REVIEWER else 0
    successors = [m for m in managers() if m.id != user.id]
    successor, problem = None, None
    if request.form.get("successor"):
        successor = manager_or_none(request.form.get("successor"), active=True)
        if successor is None or successor.id == user.id:
            problem = _("Choose an active account manager to take the book over.")
    if request.form.get("confirm") != "1" or problem:
        return render_template(
            "admin/deactivate.html",
            user=user,
            claims=claims,
            book=book,
            successors=successors,
            chosen=request.form.get("successor", ""),
            problem=problem,
            form=EmptyForm(),
        ), (400 if problem else 200)
    if not set_active(user, False, actor=current_user):  # another admin's click came first
        db.session.rollback()
        flash(_("%(email)s is already deactivated.", email=user.email), "info")
        return redirect(url_for("admin.users"))
    released = release_claims(user, current_user)
    moved = move_book(user, successor, current_user) if successor and book else 0
    db.session.commit()
    flash(_("%(email)s is deactivated and signed out everywhere.", email=user.email), "success")
    if released:
        flash(
            ngettext(
                "%(num)d claimed submission is back in the queue.",
                "%(num)d claimed submissions are back in the queue.",
                released,
            ),
            "success",
        )
    if moved:
        flash(
            ngettext(
                "%(num)d merchant moved to %(manager)s.",
                "%(num)d merchants moved to %(manager)s.",
                moved,
                manager=successor.email,
            ),
            "success",
        )
    elif book:
        flash(
            ngettext(
                "%(num)d merchant is now listed as unmanaged, ready to hand over.",
                "%(num)d merchants are now listed as unmanaged, ready to hand over.",
                book,
            ),
            "info",
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
    failed = request.args.get("status") == "failed"
    if failed:
        query = query.where(OutboxMessage.status == "failed")
    search = (request.args.get("q") or "").strip()[:200]
    if search:  # "who got the reset link?": the address or the subject
        query = query.where(
            or_(
                OutboxMessage.recipient.contains(search.lower(), autoescape=True),
                OutboxMessage.subject.contains(search, autoescape=True),
            )
        )
    return render_template(
        "admin/outbox.html", page=paginate(query), form=EmptyForm(), search=search, failed=failed
    )


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
    from ..onboarding.activities.models import Activity
    from .activity_forms import ActivityForm
    from .activity_saving import (
        MadeAndEditedElsewhere,
        NamedAsJustMade,
        activity_version,
        just_created,
        save_activity,
    )

    activity = db.session.get(Activity, activity_id) if activity_id is not None else None
    if activity_id is not None and activity is None:
        abort(404)
    form = ActivityForm(obj=activity)
    if activity is not None and not form.is_submitted():
        form.seen.data = activity_version(activity)
    not_saved = None
    if form.validate_on_submit():
        try:
            saved = save_activity(activity, form, current_user.id)
            db.session.commit()
        except NamedAsJustMade as named:
            db.session.rollback()
            not_saved = _(
                "Not saved: you made the promotion “%(name)s” with this name %(when)s. To "
                "change it, open it from the notice above; to make another promotion, give "
                "it another name.",
                name=named.activity.label,
                when=format_datetime(named.activity.created_at, "yyyy-MM-dd HH:mm"),
            )
        except MadeAndEditedElsewhere as made:
            db.session.rollback()
            not_saved = _(
                "Not saved: this form already created the promotion “%(name)s”, and it was "
                "changed since. What you typed is kept below; open the promotion from the "
                "promotions list to change it.",
                name=made.activity.label,
            )
        except EditedElsewhere:
            db.session.rollback()
            form.seen.data = activity_version(activity)  # saving again now keeps this one
            not_saved = _(
                "Not saved: another admin saved this promotion after you opened it. What you "
                "typed is kept below. Compare it with the promotions list, then save again to "
                "keep yours."
            )
        else:
            flash(_("Promotion “%(name)s” saved.", name=saved.label), "success")
            return redirect(url_for("admin.activities"))
    made = just_created(current_user.id) if activity is None else None
    return render_template(
        "admin/activity_form.html", form=form, activity=activity, not_saved=not_saved,
        just_created=made,
    ), (409 if not_saved else 400 if form.errors else 200)  # fmt: skip
