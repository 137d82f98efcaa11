# ruff: noqa: RUF001  (the multiplication sign pages show in image sizes)
"""The order of a listing's images, as the merchant arranges them (buttons, or dragging), and
the marketplace's main-image rule: the first image, the search thumbnail, is square and at
least 800 x 800 pixels."""

from flask_babel import gettext as _

from ...auth.models import User
from ...extensions import db
from .models import Product, ProductImage
from .queries import product_images
from .services import _audit, refresh_quality

MAIN_MIN = 800


class OrderRefused(ValueError):
    """The order asked for breaks a rule; the message says which, in the merchant's words."""


def main_image_problem(image: ProductImage | None) -> str | None:
    """Why ``image`` cannot be the main image, or None (a size the header did not give, on
    an older upload, is not held against it)."""
    if image is None or not image.dimensions:
        return None
    width, height = image.dimensions
    if width == height and width >= MAIN_MIN:
        return None
    said = {"file": image.original_name, "width": width, "height": height, "min": MAIN_MIN}
    if width == height:  # square already: only its size is short
        return _(
            "“%(file)s” is %(width)s × %(height)s pixels: the main image must be at least "
            "%(min)s × %(min)s. Upload a larger image, or make another one the main image.",
            **said,
        )
    return _(
        "“%(file)s” is %(width)s × %(height)s pixels: the main image must be square and at "
        "least %(min)s × %(min)s. Upload a larger square image, or make another one the main "
        "image.",
        **said,
    )


def reorder_images(product: Product, ordered_ids: list[int], actor: User) -> bool:
    """Puts the listing's images in ``ordered_ids``' order (every one of them, each once).
    A new main image must meet the rule. False when the order is as it was (nothing written);
    OrderRefused for an order that is not this listing's images or breaks the rule."""
    images = product_images(product)
    by_id = {image.id: image for image in images}
    if sorted(ordered_ids) != sorted(by_id):
        raise OrderRefused(_("The images changed meanwhile: arrange them again."))
    ordered = [by_id[i] for i in ordered_ids]
    if ordered == images:
        return False
    if ordered[0] is not images[0]:
        problem = main_image_problem(ordered[0])
        if problem:
            raise OrderRefused(problem)
    for position, image in enumerate(ordered):
        image.position = position
    db.session.flush()
    refresh_quality(product, images=len(ordered))
    _audit(actor, product, "reorder_images", order=[i.original_name for i in ordered])
    return True


def moved(images: list[ProductImage], image: ProductImage, direction: str) -> list[int]:
    """The ids in order after ``image`` moves one place up (earlier) or down."""
    ids = [i.id for i in images]
    at = ids.index(image.id)
    to = at - 1 if direction == "up" else at + 1
    if 0 <= to < len(ids):
        ids[at], ids[to] = ids[to], ids[at]
    return ids
