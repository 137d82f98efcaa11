"""The owner's Team page: members and their roles, open invitations, and the invite form."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ...access import ALL_STORE_ROLES, OWNERS, Role, StoreRole, roles_required, signed_in
from ...auth.models import User
from ...extensions import db
from ...forms import EmptyForm
from ..queries import current_store
from . import bp
from .forms import InviteForm, RoleForm
from .models import StoreInvitation, StoreMember
from .queries import members, my_membership, pending_invitations
from .services import TEAM_LIMIT, LastOwner, change_role, invite, remove, revoke


def last_owner() -> str:
    return _(
        "A store keeps at least one owner: make another member an owner first, then change or "
        "remove this one."
    )


def _member_or_404(member_id: int) -> StoreMember:
    member = db.session.get(StoreMember, member_id)
    if member is None or member.store_id != current_store().id:
        abort(404)
    return member


def _page(invite_form=None, status: int = 200):
    store = current_store()
    team = members(store.id)
    invitations = pending_invitations(store.id)
    form = invite_form or InviteForm(store.id, len(team) + len(invitations), TEAM_LIMIT)
    return render_template(
        "team/members.html",
        store=store,
        team=team,
        invitations=invitations,
        form=form,
        role_form=RoleForm,
        action_form=EmptyForm(),
        roles=list(StoreRole),
    ), status


@bp.route("/")
@roles_required(Role.MERCHANT, store=OWNERS)
def members_page():
    return _page()


@bp.route("/invite", methods=["POST"])
@roles_required(Role.MERCHANT, store=OWNERS)
def invite_member():
    store = current_store()
    size = len(members(store.id)) + len(pending_invitations(store.id))
    form = InviteForm(store.id, size, TEAM_LIMIT)
    if not form.validate_on_submit():
        return _page(form, 400)
    invite(store, form.email.data, StoreRole(form.role.data), current_user)
    db.session.commit()
    flash(_("Invitation sent to %(email)s.", email=form.email.data), "success")
    return redirect(url_for("team.members_page"))


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@roles_required(Role.MERCHANT, store=OWNERS)
def revoke_invitation(invitation_id: int):
    invitation = db.session.get(StoreInvitation, invitation_id)
    if invitation is None or invitation.store_id != current_store().id:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if revoke(invitation, current_user):
        db.session.commit()
        flash(_("The invitation to %(email)s no longer works.", email=invitation.email), "success")
    return redirect(url_for("team.members_page"))


@bp.route("/members/<int:member_id>/role", methods=["POST"])
@roles_required(Role.MERCHANT, store=OWNERS)
def change_member_role(member_id: int):
    member = _member_or_404(member_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash(_("Choose one of the roles."), "error")
        return _page(status=400)
    try:
        changed = change_role(member, StoreRole(form.role.data), current_user)
    except LastOwner:
        db.session.rollback()
        flash(last_owner(), "error")
        return redirect(url_for("team.members_page"))
    db.session.commit()
    if changed:
        flash(_("Role changed to %(role)s.", role=member.role.label), "success")
    if member.user_id == current_user.id and member.role != StoreRole.OWNER:
        return redirect(url_for("auth.index"))  # the Team page is no longer theirs
    return redirect(url_for("team.members_page"))


@bp.route("/members/<int:member_id>/remove", methods=["POST"])
@roles_required(Role.MERCHANT, store=OWNERS)
def remove_member(member_id: int):
    member = _member_or_404(member_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if member.user_id == current_user.id:
        return _leave()
    email = db.session.get(User, member.user_id).email
    if request.form.get("confirm") != "1":
        return render_template(
            "confirm.html",
            heading=_("Remove %(email)s from the team?", email=email),
            consequences=[
                _("They are signed out on every device at once and cannot open the store."),
                _("What they did stays in the store and in its history, under their name."),
                _("To bring them back, invite them again."),
            ],
            action=url_for("team.remove_member", member_id=member.id),
            back=url_for("team.members_page"),
            button=_("Remove from the team"),
            action_form=EmptyForm(),
        )
    try:
        remove(member, current_user)
    except LastOwner:
        db.session.rollback()
        flash(last_owner(), "error")
        return redirect(url_for("team.members_page"))
    db.session.commit()
    flash(_("%(email)s is no longer in the team and was signed out.", email=email), "success")
    return redirect(url_for("team.members_page"))


@bp.route("/leave", methods=["POST"])
@roles_required(Role.MERCHANT, store=ALL_STORE_ROLES)
def leave():
    if not EmptyForm().validate_on_submit():
        abort(400)
    return _leave()


def _leave():
    found = my_membership()
    if found is None:
        return redirect(url_for("team.no_store"))
    store = found[1]
    if request.form.get("confirm") != "1":
        return render_template(
            "confirm.html",
            heading=_("Leave “%(store)s”?", store=store.name),
            consequences=[
                _("You are signed out and can no longer open the store."),
                _("To come back, an owner has to invite you again."),
            ],
            action=url_for("team.leave"),
            back=url_for("auth.index"),
            button=_("Leave the store"),
            action_form=EmptyForm(),
        )
    member = db.session.scalar(db.select(StoreMember).where(StoreMember.user_id == current_user.id))
    try:
        remove(member, current_user)
    except LastOwner:
        db.session.rollback()
        flash(last_owner(), "error")
        return redirect(url_for("auth.index"))
    db.session.commit()
    logout_user()
    flash(_("You left “%(store)s”.", store=store.name), "info")
    return redirect(url_for("auth.login"))


@bp.route("/no-store")
@signed_in
def no_store():
    if my_membership() is not None or not current_user.is_merchant:
        return redirect(url_for("auth.index"))
    return render_template("team/no_store.html")
