"""Admins issue and revoke API tokens."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..access import Role, roles_required
from ..extensions import db
from ..forms import EmptyForm
from ..pagination import paginate
from . import bp
from .forms import TokenForm
from .models import SCOPES, ApiToken
from .tokens import issue_token, revoke_token


@bp.route("/admin/api-tokens", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def tokens():
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        token, secret = issue_token(form.name.data, form.scopes.data, current_user)
        db.session.commit()
        flash(
            _("Token “%(name)s” issued. Copy it now: it is not shown again.", name=token.name),
            "success",
        )
        form = TokenForm(formdata=None)
    query = select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
    page = render_template(
        "api/tokens.html",
        form=form,
        page=paginate(query),
        secret=secret,
        scopes=SCOPES,
        revoke_form=EmptyForm(),
    )
    # the page may carry a token's secret, shown once: no cache, back button or proxy keeps it
    return page, (400 if form.errors else 200), {"Cache-Control": "no-store"}


@bp.route("/admin/api-tokens/<int:token_id>/revoke", methods=["POST"])
@roles_required(Role.ADMIN)
def revoke(token_id: int):
    token = db.session.get(ApiToken, token_id)
    if token is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if request.form.get("confirm") != "1" and token.active:
        return _confirm_revoke(token)
    revoke_token(token, current_user)
    db.session.commit()
    flash(_("Token “%(name)s” revoked: it is refused from now on.", name=token.name), "success")
    return redirect(url_for("api.tokens"))


def _confirm_revoke(token: ApiToken):
    """A revoked token cannot be brought back, and whatever sends sales with it stops at once:
    the first press says so and asks."""
    return render_template(
        "confirm.html",
        heading=_("Revoke the token “%(name)s”?", name=token.name),
        consequences=[
            _(
                "Every request made with it is refused from now on, including the ones already "
                "set up to send sales."
            ),
            _("A revoked token cannot be restored: the sender will need a new one."),
        ],
        action=url_for("api.revoke", token_id=token.id),
        back=url_for("api.tokens"),
        button=_("Revoke for good"),
        action_form=EmptyForm(),
    )
