"""Changes to products. Each stages its changes; the view commits once."""

from decimal import Decimal

from sqlalchemy import func, select

from ...auth.models import User
from ...extensions import db
from ...reviewing.audit import audit
from ...reviewing.reviewable import ReviewStatus
from ...reviewing.workflow import move
from ...uploads import save_upload
from .models import EDITABLE, Product, ProductChange, ProductImage
from .quality import assess_product

FIELDS = ("title", "description", "category", "price", "stock")


def form_values(form) -> dict:
    return {name: getattr(form, name).data for name in FIELDS}


def image_count(product: Product) -> int:
    return db.session.scalar(
        select(func.count()).select_from(ProductImage).where(ProductImage.product_id == product.id)
    )


def refresh_quality(product: Product, images: int | None = None) -> None:
    count = image_count(product) if images is None else images
    product.quality_score = assess_product(product, count).score


def _set_fields(product: Product, values: dict) -> None:
    product.title = values["title"]
    product.description = values["description"] or ""
    product.category = values["category"] or None
    product.price = values["price"]  # None stays None; 0 stock stays 0
    product.stock = values["stock"]


def _audit(actor: User, product: Product, action: str, **detail) -> None:
    audit(
        actor_id=actor.id,
        subject_kind="product",
        subject_id=product.id,
        action=action,
        detail=detail,
    )


def create_product(store, values: dict, attributes: dict, actor: User) -> Product:
    product = Product(store_id=store.id, attributes=attributes)
    _set_fields(product, values)
    db.session.add(product)
    db.session.flush()
    refresh_quality(product, images=0)
    _audit(actor, product, "create")
    return product


def open_change(product: Product) -> ProductChange | None:
    return db.session.scalar(
        select(ProductChange)
        .where(
            ProductChange.product_id == product.id,
            ProductChange.status.in_([*EDITABLE, ReviewStatus.SUBMITTED]),
        )
        .order_by(ProductChange.id.desc())
        .limit(1)
    )


def _as_data(values: dict, attributes: dict) -> dict:
    data = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}
    data["attributes"] = attributes
    return data


def update_product(product: Product, values: dict, attributes: dict, actor: User) -> str:
    """Edits a draft directly; an edit to a live product becomes a change held for review.
    Returns "saved" or "change"."""
    if product.editable:
        _set_fields(product, values)
        product.attributes = attributes
        refresh_quality(product)
        _audit(actor, product, "edit")
        return "saved"
    if not product.is_live:
        raise PermissionError("this product cannot be edited now")
    change = open_change(product)
    if change is not None and change.status == ReviewStatus.SUBMITTED:
        raise PermissionError("a change to this product is already waiting for review")
    if change is None:
        change = ProductChange(product_id=product.id, data={})
        db.session.add(change)
    change.data = _as_data(values, attributes)
    _audit(actor, product, "edit_live", change=True)
    return "change"


def apply_change(change: ProductChange, product: Product) -> None:
    """An approved change replaces what is on sale."""
    data = change.data
    for name in FIELDS:
        value = data.get(name)
        if name == "price" and value is not None:
            value = Decimal(value)
        setattr(product, name, value)
    product.description = data.get("description") or ""
    product.attributes = data.get("attributes") or {}
    refresh_quality(product)


def submit_product(product: Product, actor: User) -> str:
    if product.editable:
        move(product, "submit", actor)
        return "listing"
    change = open_change(product)
    if product.is_live and change is not None:
        move(change, "submit", actor)
        return "change"
    raise PermissionError("nothing to submit")


def add_image(product: Product, upload, actor: User) -> ProductImage:
    stored = save_upload(upload, "image")
    position = image_count(product)
    image = ProductImage(
        product_id=product.id,
        stored_name=stored.stored_name,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        position=position,
    )
    db.session.add(image)
    refresh_quality(product, images=position + 1)
    _audit(actor, product, "add_image", file=stored.original_name)
    return image


def remove_image(product: Product, image: ProductImage, actor: User) -> None:
    db.session.delete(image)
    db.session.flush()
    refresh_quality(product)
    _audit(actor, product, "remove_image", file=image.original_name)
