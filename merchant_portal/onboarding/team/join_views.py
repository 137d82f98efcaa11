"""The mailed invitation link: a newcomer chooses a password, someone with an account types
theirs; either way they join the store in the invited role and are signed in."""

from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...access import public
from ...auth.services import EmailTaken, find_user_by_email, record_login, register_invited_merchant
from ...auth.views import reset_limit, sign_in
from ...extensions import db, limiter
from ..store.models import Store
from . import bp
from .forms import JoinExistingForm, JoinNewForm
from .models import StoreMember
from .services import AlreadyInAStore, InvitationGone, invitation_for, join


def _gone():
    flash(
        _(
            "This invitation has expired, was withdrawn or was already used. Ask the store's "
            "owner for a new one."
        ),
        "error",
    )
    return redirect(url_for("auth.login"))


def _in_another_store(email: str):
    flash(
        _(
            "The account %(email)s already runs a store: an account belongs to one store. Ask "
            "the owner to invite another address.",
            email=email,
        ),
        "error",
    )
    return redirect(url_for("auth.login"))


@bp.route("/join/<token>", methods=["GET", "POST"])
@public
@limiter.limit(reset_limit, methods=["POST"])  # it checks passwords
def join_store(token: str):
    invitation = invitation_for(token)
    if invitation is None or not invitation.pending:
        if (
            invitation is not None
            and current_user.is_authenticated
            and invitation.accepted_by_id == current_user.id
        ):
            return redirect(url_for("auth.index"))  # accepted already: nothing more to do
        return _gone()
    if current_user.is_authenticated:
        flash(
            _(
                "This invitation is for %(email)s. Log out, then open the link again.",
                email=invitation.email,
            ),
            "info",
        )
        return redirect(url_for("auth.index"))
    store = db.session.get(Store, invitation.store_id)
    account = find_user_by_email(invitation.email)
    if account is not None:
        in_a_store = db.session.scalar(
            select(StoreMember.id).where(StoreMember.user_id == account.id)
        )
        if in_a_store is not None or not account.is_merchant:
            return _in_another_store(invitation.email)
    form = JoinExistingForm() if account is not None else JoinNewForm()
    status = 200
    if form.validate_on_submit():
        if account is not None:
            if not account.active or not account.check_password(form.password.data):
                form.password.errors.append(_("That is not your password."))
                return _page(form, invitation, store, account, 400)
            user = account
        else:
            try:
                user = register_invited_merchant(
                    invitation.email, form.password.data, str(get_locale())
                )
            except EmailTaken:  # the link sent twice at once: the first made the account
                db.session.rollback()
                return _gone()
        try:
            join(invitation, user)
        except InvitationGone:
            db.session.rollback()
            return _gone()
        except AlreadyInAStore:
            db.session.rollback()
            return _in_another_store(invitation.email)
        record_login(user)
        db.session.commit()
        sign_in(user)
        flash(
            _(
                "Welcome to the team of “%(store)s”, as %(role)s.",
                store=store.name,
                role=invitation.role.label,
            ),
            "success",
        )
        return redirect(url_for("auth.index"))
    if form.errors:
        status = 400
    return _page(form, invitation, store, account, status)


def _page(form, invitation, store, account, status):
    return render_template(
        "team/join.html", form=form, invitation=invitation, store=store, account=account
    ), status
