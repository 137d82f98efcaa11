"""Loading what growth pages show, scoped: a merchant sees only its own store and products."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ..access import Role
from ..extensions import db
from ..onboarding.products.models import Product
from ..onboarding.queries import current_store
from ..onboarding.store.models import Store
from ..onboarding.team.queries import my_store_id, own_store_ids
from .models import MerchantAccount


def own_store_or_404() -> Store:
    return current_store()


def store_or_404(store_id: int) -> Store:
    """Staff: any store; a merchant: only its own (another's answers 404)."""
    store = db.session.get(Store, store_id)
    if store is None or (current_user.is_merchant and store.id != my_store_id()):
        abort(404)
    return store


def store_in_book_or_404(store_id: int) -> Store:
    """A store staff may act on (call, message, snooze): an account manager only the stores
    in their own book, an admin any. Another manager's store answers 404, as a merchant's
    other objects do."""
    store = store_or_404(store_id)
    if current_user.role == Role.ADMIN:
        return store
    manager = db.session.scalar(
        select(MerchantAccount.manager_id).where(MerchantAccount.store_id == store.id)
    )
    if manager != current_user.id:
        abort(404)
    return store


def own_product_or_404(product_id: int) -> Product:
    product = db.session.scalar(
        select(Product)
        .join(Store, Store.id == Product.store_id)
        .where(Product.id == product_id, Store.id == own_store_ids())
    )
    if product is None:
        abort(404)
    return product
