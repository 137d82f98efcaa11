from flask import abort
from sqlalchemy import Select, and_, or_, select

from ...extensions import db
from ...workflow.models import Review
from ..store.models import Store
from ..team.queries import own_store_ids
from .models import Product, ProductChange, ProductImage


def get_product_or_404(product_id: int) -> Product:
    """The product if it belongs to the signed-in merchant's store; 404 otherwise."""
    product = db.session.scalar(
        select(Product)
        .join(Store, Product.store_id == Store.id)
        .where(Product.id == product_id, Store.id == own_store_ids())
    )
    if product is None:
        abort(404)
    return product


def get_image_or_404(image_id: int, *, staff: bool) -> ProductImage:
    query = select(ProductImage).where(ProductImage.id == image_id)
    if not staff:
        query = (
            query.join(Product, ProductImage.product_id == Product.id)
            .join(Store, Product.store_id == Store.id)
            .where(Store.id == own_store_ids())
        )
    image = db.session.scalar(query)
    if image is None:
        abort(404)
    return image


def store_products(store: Store) -> Select:
    return (
        select(Product)
        .where(Product.store_id == store.id)
        .order_by(Product.updated_at.desc(), Product.id.desc())
    )


def product_images(product: Product) -> list[ProductImage]:
    """The images on the listing itself (a live one's images added by a change waiting for
    review are not among them)."""
    return list(
        db.session.scalars(
            select(ProductImage)
            .where(ProductImage.product_id == product.id, ProductImage.change_id.is_(None))
            .order_by(ProductImage.position, ProductImage.id)
        )
    )


def change_images(change) -> list[ProductImage]:
    """Images a change to a live listing adds, shown only once the change is approved."""
    return list(
        db.session.scalars(
            select(ProductImage)
            .where(ProductImage.change_id == change.id)
            .order_by(ProductImage.position, ProductImage.id)
        )
    )


def images_after_change(product: Product, change) -> list[ProductImage]:
    """What the listing will show once the change is approved."""
    if change is None:
        return product_images(product)
    removed = set(change.data.get("remove_images") or ())
    kept = [image for image in product_images(product) if image.id not in removed]
    return kept + change_images(change)


def product_reviews(product: Product) -> list[Review]:
    return list(
        db.session.scalars(
            select(Review)
            .where(
                or_(
                    and_(Review.subject_kind == "product", Review.subject_id == product.id),
                    and_(
                        Review.subject_kind == "product_change",
                        Review.subject_id.in_(
                            select(ProductChange.id).where(ProductChange.product_id == product.id)
                        ),
                    ),
                )
            )
            .order_by(Review.created_at.desc(), Review.id.desc())
        )
    )


def made_by_form(store_id: int, form_key: str | None) -> int | None:
    """The listing this render of the new-listing form saved already, if it did."""
    if form_key is None:
        return None
    return db.session.scalar(
        select(Product.id).where(Product.store_id == store_id, Product.form_key == form_key)
    )
