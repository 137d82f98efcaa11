"""The four kinds of submission the desk reviews, each a small class that knows its model, its
store, how the merchant's notification names it, what the reviewer needs to decide, and what
approving it does beyond the move. Adding a kind is adding a class here."""

from abc import ABC, abstractmethod
from typing import ClassVar

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from ..audit.labels import REVIEWED_KINDS
from ..extensions import db
from ..onboarding.activities.eligibility import check_eligibility
from ..onboarding.activities.models import Activity, ActivityRegistration
from ..onboarding.activities.services import registrations_in
from ..onboarding.products.models import Product, ProductChange
from ..onboarding.products.pending import change_diff
from ..onboarding.products.quality import assess
from ..onboarding.products.queries import images_after_change
from ..onboarding.products.services import apply_change
from ..onboarding.store.models import Store, StoreDocument
from ..onboarding.store.qualifications import lacking_documents
from ..timeutil import market_today, utcnow
from ..transitions import read_locked
from ..workflow.reasons import REASONS
from ..workflow.reviewable import Reviewable
from ..workflow.trust import SPOT_CHECK, TrustOutcome, TrustRule


class Kind(ABC):
    name: ClassVar[str]
    label: ClassVar[str]  # as the queue shows it (a lazy string: the reader's language)
    model: ClassVar[type[Reviewable]]
    # the reason codes that can be true of this kind (a store application has no promotion
    # discount): the decision form offers these and the desk refuses any other
    reasons: ClassVar[tuple[str, ...]]

    @abstractmethod
    def waiting(self, count: int) -> str:
        """What follows the number on the queue's counter: "3 new listings waiting"."""

    def store_of(self, obj) -> Store:
        return db.session.get(Store, obj.store_id)

    @abstractmethod
    def describe(self, obj) -> tuple[str, str]:
        """How the merchant's notification names the submission, and where it links. The name
        is lazy: the notice is worded in the merchant's language, not the reviewer's."""

    def details(self, obj, store: Store) -> dict:
        """What the reviewer needs to decide, beyond the store."""
        return {}

    def edited(self, obj) -> tuple[str, int]:
        """Where the merchant's edits to it are recorded in the audit trail."""
        return self.name, obj.id

    def lock_first(self, obj) -> None:  # noqa: B027 (an optional hook: most lock nothing else)
        """Rows the decision writes besides ``obj``'s own, locked before it in the order
        the merchant's own saves take them."""

    def approved(self, obj) -> None:  # noqa: B027 (an optional hook: most kinds do nothing more)
        """What approving it does beyond the move."""


class StoreKind(Kind):
    name, label, model = "store", _l("Store application"), Store
    reasons = (
        "incomplete_profile",
        "document_missing",
        "document_unreadable",
        "document_expired",
        "name_mismatch",
        "other",
    )

    def waiting(self, count: int) -> str:
        return ngettext("store application waiting", "store applications waiting", count)

    def store_of(self, obj: Store) -> Store:
        return obj

    def describe(self, obj: Store) -> tuple[str, str]:
        return _l("store application"), url_for("store.profile")

    def details(self, obj: Store, store: Store) -> dict:
        documents = db.session.scalars(
            select(StoreDocument)
            .where(StoreDocument.store_id == store.id)
            .order_by(StoreDocument.id)
        )
        return {"documents": list(documents)}


def _listing_details(product: Product, change: ProductChange | None) -> dict:
    images = images_after_change(product, change)  # what approving would put on sale
    fields = (change.fields() if change else None) or {
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
    name, label, model = "product", _l("New listing"), Product
    reasons = (
        "prohibited_item",
        "misleading_title",
        "poor_images",
        "description_insufficient",
        "price_inconsistent",
        "other",
    )

    def waiting(self, count: int) -> str:
        return ngettext("new listing waiting", "new listings waiting", count)

    def describe(self, obj: Product) -> tuple[str, str]:
        return (
            _l("listing “%(title)s”", title=obj.title),
            url_for("products.detail", product_id=obj.id),
        )

    def details(self, obj: Product, store: Store) -> dict:
        return _listing_details(obj, None)


class ProductChangeKind(Kind):
    name, label, model = "product_change", _l("Listing change"), ProductChange
    reasons = (
        "prohibited_item",
        "misleading_title",
        "poor_images",
        "description_insufficient",
        "price_inconsistent",
        "other",
    )

    def waiting(self, count: int) -> str:
        return ngettext("listing change waiting", "listing changes waiting", count)

    def store_of(self, obj: ProductChange) -> Store:
        product = db.session.get(Product, obj.product_id)
        return db.session.get(Store, product.store_id)

    def describe(self, obj: ProductChange) -> tuple[str, str]:
        product = db.session.get(Product, obj.product_id)
        return (
            _l("change to “%(title)s”", title=product.title),
            url_for("products.detail", product_id=product.id),
        )

    def details(self, obj: ProductChange, store: Store) -> dict:
        product = db.session.get(Product, obj.product_id)
        spot_rule = db.session.scalar(
            select(TrustRule.name)
            .join(TrustOutcome, TrustOutcome.rule_id == TrustRule.id)
            .where(
                TrustOutcome.subject_kind == self.name,
                TrustOutcome.subject_id == obj.id,
                TrustOutcome.outcome == SPOT_CHECK,
            )
            .order_by(TrustOutcome.id.desc())
            .limit(1)
        )
        return {
            **_listing_details(product, obj),
            "diff": change_diff(product, obj),
            "spot_rule": spot_rule,  # a trust rule would have approved it: a spot check
        }

    def edited(self, obj: ProductChange) -> tuple[str, int]:
        return "product", obj.product_id  # a listing change's edits are recorded on its product

    def lock_first(self, obj: ProductChange) -> None:
        # the listing, then its change, as the merchant's save and submit take them: the
        # approval took the change and then the listing, and deadlocked against a save
        read_locked(db.session.get(Product, obj.product_id))

    def approved(self, obj: ProductChange) -> None:
        apply_change(obj, db.session.get(Product, obj.product_id))


class RegistrationKind(Kind):
    name, label, model = "registration", _l("Promotion registration"), ActivityRegistration
    reasons = (
        "prohibited_item",
        "price_inconsistent",
        "discount_not_genuine",
        "stock_insufficient",
        "other",
    )

    def waiting(self, count: int) -> str:
        return ngettext("promotion registration waiting", "promotion registrations waiting", count)

    def describe(self, obj: ActivityRegistration) -> tuple[str, str]:
        product = db.session.get(Product, obj.product_id)
        activity = db.session.get(Activity, obj.activity_id)
        return (
            _l(
                "registration of “%(title)s” in %(activity)s",
                title=product.title,
                activity=activity.label,
            ),
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
                activity,
                store,
                product,
                obj.promo_price,
                obj.promo_stock,
                others,
                utcnow(),
                lacking_documents(store.id, product.category, market_today()),
            ),
        }


KINDS: dict[str, Kind] = {
    kind.name: kind() for kind in (StoreKind, ProductKind, ProductChangeKind, RegistrationKind)
}
KIND_LABELS = {name: kind.label for name, kind in KINDS.items()}
REVIEWED_KINDS.update(KINDS)  # the trail links these to their decision page


def reasons_for(kinds) -> list[str]:
    """The reasons that fit every one of these kinds, in the order of REASONS."""
    wanted = [set(KINDS[kind].reasons) for kind in kinds if kind in KINDS]
    fitting = set.intersection(*wanted) if wanted else set(REASONS)
    return [code for code in REASONS if code in fitting]


def waiting_label(kind: str, count: int) -> str:
    return KINDS[kind].waiting(count)
