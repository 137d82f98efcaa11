"""Reads of a merchant's own onboarding data, always scoped to the signed-in merchant."""

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, func, select

from ..extensions import db
from ..reviewable import ReviewStatus
from .models import Product, Store


def current_store() -> Store:
    store = db.session.scalar(select(Store).where(Store.merchant_id == current_user.id))
    if store is None:
        abort(404)
    return store


def get_product_or_404(product_id: int) -> Product:
    """The product if it belongs to the signed-in merchant's store; 404 otherwise."""
    product = db.session.scalar(
        select(Product)
        .join(Store, Product.store_id == Store.id)
        .where(Product.id == product_id, Store.merchant_id == current_user.id)
    )
    if product is None:
        abort(404)
    return product


def store_products(store: Store) -> Select:
    return select(Product).where(Product.store_id == store.id).order_by(Product.updated_at.desc())


def product_counts_by_status(store: Store) -> dict[ReviewStatus, int]:
    rows = db.session.execute(
        select(Product.status, func.count())
        .where(Product.store_id == store.id)
        .group_by(Product.status)
    )
    return {status: count for status, count in rows}
