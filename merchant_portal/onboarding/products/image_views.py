"""Arranging a draft listing's images: one place up or down by buttons (no script needed),
or a whole new order from dragging (portal.js posts it)."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...access import LISTING_ROLES, Role, roles_required
from ...extensions import db
from ...forms import EmptyForm
from ...numbers import parse_int
from . import bp
from .image_order import OrderRefused, moved, reorder_images
from .queries import get_image_or_404, get_product_or_404, product_images

MAX_IMAGES = 200  # an order longer than any listing's images is refused before reading it


def _editable_product(product_id: int):
    product = get_product_or_404(product_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not product.editable:
        abort(409)  # a live listing's images change through a reviewed change
    return product


def _arranged(product, ids: list[int]):
    try:
        changed = reorder_images(product, ids, current_user)
    except OrderRefused as refused:
        db.session.rollback()
        flash(str(refused), "error")  # said on the page the merchant returns to
        return redirect(url_for("products.detail", product_id=product.id, _anchor="images"))
    db.session.commit()
    if changed:
        flash(_("Image order saved."), "success")
    return redirect(url_for("products.detail", product_id=product.id, _anchor="images"))


# two plain rules rather than one <any(up, down)>: every path part but the ids is fixed
@bp.route(
    "/<int:product_id>/images/<int:image_id>/up", methods=["POST"], defaults={"direction": "up"}
)
@bp.route(
    "/<int:product_id>/images/<int:image_id>/down", methods=["POST"], defaults={"direction": "down"}
)
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def move_image(product_id: int, image_id: int, direction: str):
    product = _editable_product(product_id)
    image = get_image_or_404(image_id, staff=False)
    if image.product_id != product.id or image.change_id:
        abort(404)
    return _arranged(product, moved(product_images(product), image, direction))


@bp.route("/<int:product_id>/images/order", methods=["POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def order_images(product_id: int):
    product = _editable_product(product_id)
    raw = request.form.get("order", "").split(",")
    if len(raw) > MAX_IMAGES:
        abort(400)
    ids = [parse_int(part, 1) for part in raw]
    if not ids or None in ids or len(set(ids)) != len(ids):
        abort(400)
    return _arranged(product, ids)
