"""A merchant drops the change they are working on to a live listing."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...access import LISTING_ROLES, Role, roles_required
from ...extensions import db
from ...forms import EmptyForm
from ...uploads import discard
from . import bp
from .queries import get_product_or_404
from .services import NothingToDiscard, discard_change, open_change


@bp.route("/<int:product_id>/change/discard", methods=["POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def discard_pending_change(product_id: int):
    product = get_product_or_404(product_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    change = open_change(product) if product.is_live else None
    if change is None:
        flash(_("There is no change to discard: the listing on sale is as it was."), "info")
        return redirect(url_for("products.detail", product_id=product.id))
    try:
        images = discard_change(product, change, current_user)
    except NothingToDiscard:
        db.session.rollback()
        flash(_("Merchant operations decided on this change first; see their reply below."), "info")
        return redirect(url_for("products.detail", product_id=product.id))
    db.session.commit()
    for name in images:
        discard("image", name)
    flash(_("Change discarded: the listing on sale stays as it is."), "success")
    return redirect(url_for("products.detail", product_id=product.id))
