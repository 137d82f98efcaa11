"""Reads of the signed-in merchant's own onboarding data."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from flask import abort
from sqlalchemy import Select, bindparam, func, select

from ..extensions import db
from ..workflow.models import Review
from ..workflow.reviewable import ReviewStatus
from .activities.models import ActivityRegistration
from .products.models import Product
from .store.models import Store, StoreDocument
from .team.queries import my_membership


def current_store() -> Store:
    """The store the signed-in merchant is a member of (its team decides, not who opened it)."""
    found = my_membership()
    if found is None:
        abort(404)
    return found[1]


@dataclass(frozen=True)
class OnboardingFacts:
    """Everything the checklist is derived from, in a handful of queries."""

    documents: dict[str | None, int]  # by verdict: None (not yet reviewed), accepted, rejected
    products: dict[ReviewStatus, int]
    best_quality: int
    registrations: dict[ReviewStatus, int]
    last_reasons: list[str]
    listing_feedback: tuple[list[str], str] = ([], "")  # reasons and note on a sent-back listing
    sent_back_listing: tuple[int, str] | None = None  # that listing's id and title
    plans: tuple[int, int] = (
        0,
        0,
    )  # ad budget plans for the store, and how many the merchant opened
    last_note: str = ""  # the reviewer's note with the store's last decision


PlanCounter = Callable[[int], tuple[int, int]]
_plan_counter: PlanCounter = lambda store_id: (0, 0)  # noqa: E731 (no budget, no plans)


def count_plans_with(counter: PlanCounter) -> None:
    """Budget registers how to count a store's ad plans (made, opened by the merchant), so the
    checklist shows its step while onboarding stays unaware of budget, which builds on it."""
    global _plan_counter
    _plan_counter = counter


# The checklist's statements, built once with the store as a parameter: the checklist is a
# merchant's first page, and building them cost about as much as running them.
@cache
def _statements() -> dict[str, Select]:
    store_id = bindparam("store_id")

    def counts(column, store_column):
        return select(column, func.count()).where(store_column == store_id).group_by(column)

    return {
        "last_review": select(Review.reason_codes, Review.comment)
        .where(Review.subject_kind == "store", Review.subject_id == store_id)
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(1),
        "sent_back": select(Review.reason_codes, Review.comment, Product.id, Product.title)
        .join(Product, Product.id == Review.subject_id)
        .where(
            Review.subject_kind == "product",
            Product.store_id == store_id,
            Product.status == ReviewStatus.CHANGES_REQUESTED,
            Review.decision == "request_changes",
        )
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(1),
        "documents": counts(StoreDocument.verdict, StoreDocument.store_id),
        "products": counts(Product.status, Product.store_id),
        "best_quality": select(func.coalesce(func.max(Product.quality_score), 0)).where(
            Product.store_id == store_id
        ),
        "registrations": counts(ActivityRegistration.status, ActivityRegistration.store_id),
    }


def onboarding_facts(store: Store) -> OnboardingFacts:
    statements = _statements()
    asked = {"store_id": store.id}

    def counts(name: str) -> dict:
        return {key: count for key, count in db.session.execute(statements[name], asked)}

    last_review = db.session.execute(statements["last_review"], asked).first()
    reasons, note = last_review if last_review else (None, None)
    sent_back = db.session.execute(statements["sent_back"], asked).first()
    plans = _plan_counter(store.id)
    return OnboardingFacts(
        documents=counts("documents"),
        products=counts("products"),
        best_quality=db.session.scalar(statements["best_quality"], asked),
        registrations=counts("registrations"),
        last_reasons=reasons or [],
        listing_feedback=(sent_back[0] or [], sent_back[1] or "") if sent_back else ([], ""),
        sent_back_listing=(sent_back[2], sent_back[3]) if sent_back else None,
        plans=(plans[0], plans[1]),
        last_note=note or "",
    )
