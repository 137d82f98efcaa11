"""The four kinds of submission the desk reviews, each a small class that knows its model, its
store, how the merchant's notification names it, what the reviewer needs to decide, and what
approving it does beyond the move. Adding a kind is adding a class here."""

from typing import ClassVar

from flask import url_for
from sqlalchemy import select

from ..extensions import db
from ..onboarding.activities.eligibility import check_eligibility
from ..onboarding.activities.models import Activity, ActivityRegistration
from ..onboarding.activities.services import registrations_in
from ..onboarding.products.models import Product, ProductChange
from ..onboarding.products.quality import assess
from ..onboarding.products.queries import images_after_change, product_images
from ..onboarding.products.services import apply_change
from ..onboarding.store.models import Store, StoreDocument
from ..reviewing.reviewable import Reviewable
from ..timeutil import utcnow


class Kind:
    name: ClassVar[str]
    label: ClassVar[str]  # as the queue shows it
    model: ClassVar[type[Reviewable]]

    def store_of(self, obj) -> Store:
        return db.session.get(Store, obj.store_id)

    def describe(self, obj) -> tuple[str, str]:
        """How the merchant's notification names the submission, and where it links."""
        raise NotImplementedError

    def details(self, obj, store: Store) -> dict:
        """What the reviewer needs to decide, beyond the store."""
        return {}

    def edited(self, obj) -> tuple[str, int]:
        """Where the merchant's edits to it are recorded in the audit trail."""
        return self.name, obj.id

    def approved(self, obj) -> None:
        """What approving it does beyond the move."""


class StoreKind(Kind):
    name, label, model = "store", "Store application", Store

    def store_of(self, obj: Store) -> Store:
        return obj

    def describe(self, obj: Store) -> tuple[str, str]:
        return "store application", url_for("store.profile")

    def details(self, obj: Store, store: Store) -> dict:
        documents = db.session.scalars(
            select(StoreDocument)
            .where(StoreDocument.store_id == store.id)
            .order_by(StoreDocument.id)
        )
        return {"documents": list(documents)}


def _listing_details(product: Product, change: ProductChange | None) -> dict:
    images = images_after_change(product, change)  # what approving would put on sale
    fields = (change.data if change else None) or {
        "title": product.title,
        "description": product.description,
        "category": product.category,
        "price": product.price,
        "stock": product.stock,
        "attributes": product.attributes or {},
    }
    return {
        "product": product,
        "images": images,
        "report": assess(
            fields["title"],
            fields["description"],
            fields["category"],
            fields["price"],
            fields["stock"],
            fields.get("attributes") or {},
            len(images),
        ),
    }


class ProductKind(Kind):
    name, label, model = "product", "New listing", Product

    def describe(self, obj: Product) -> tuple[str, str]:
        return f"listing “{obj.title}”", url_for("products.detail", product_id=obj.id)

    def details(self, obj: Product, store: Store) -> dict:
        return _listing_details(obj, None)


class ProductChangeKind(Kind):
    name, label, model = "product_change", "Listing change", ProductChange

    def store_of(self, obj: ProductChange) -> Store:
        product = db.session.get(Product, obj.product_id)
        return db.session.get(Store, product.store_id)

    def describe(self, obj: ProductChange) -> tuple[str, str]:
        product = db.session.get(Product, obj.product_id)
        return f"change to “{product.title}”", url_for("products.detail", product_id=product.id)

    def details(self, obj: ProductChange, store: Store) -> dict:
        product = db.session.get(Product, obj.product_id)
        return {**_listing_details(product, obj), "diff": change_diff(product, obj)}

    def edited(self, obj: ProductChange) -> tuple[str, int]:
        return "product", obj.product_id  # a listing change's edits are recorded on its product

    def approved(self, obj: ProductChange) -> None:
        apply_change(obj, db.session.get(Product, obj.product_id))


class RegistrationKind(Kind):
    name, label, model = "registration", "Promotion registration", ActivityRegistration

    def describe(self, obj: ActivityRegistration) -> tuple[str, str]:
        product = db.session.get(Product, obj.product_id)
        activity = db.session.get(Activity, obj.activity_id)
        return (
            f"registration of “{product.title}” in {activity.name}",
            url_for("activities.registrations"),
        )

    def details(self, obj: ActivityRegistration, store: Store) -> dict:
        product = db.session.get(Product, obj.product_id)
        activity = db.session.get(Activity, obj.activity_id)
        others = registrations_in(activity.id, store.id) - 1  # this one excluded
        return {
            "product": product,
            "activity": activity,
            "checks": check_eligibility(
                activity, store, product, obj.promo_price, obj.promo_stock, others, utcnow()
            ),
        }


KINDS: dict[str, Kind] = {
    kind.name: kind() for kind in (StoreKind, ProductKind, ProductChangeKind, RegistrationKind)
}
KIND_LABELS = {name: kind.label for name, kind in KINDS.items()}


def change_diff(product: Product, change: ProductChange) -> list[tuple[str, str, str]]:
    """(field, live value, proposed value) for every field the change alters."""
    rows = []
    for name in ("title", "description", "category", "price", "stock"):
        live = getattr(product, name)
        proposed = change.data.get(name)
        if str(live if live is not None else "") != str(proposed if proposed is not None else ""):
            rows.append(
                (name, "" if live is None else str(live), "" if proposed is None else str(proposed))
            )
    live_attributes, new_attributes = product.attributes or {}, change.data.get("attributes") or {}
    for name in sorted(set(live_attributes) | set(new_attributes)):
        if live_attributes.get(name, "") != new_attributes.get(name, ""):
            rows.append((name, live_attributes.get(name, ""), new_attributes.get(name, "")))
    live_images = product_images(product)
    proposed_images = images_after_change(product, change)
    if [i.id for i in live_images] != [i.id for i in proposed_images]:
        rows.append(
            (
                "images",
                ", ".join(i.original_name for i in live_images),
                ", ".join(i.original_name for i in proposed_images),
            )
        )
    return rows
