"""Reads of the signed-in merchant's own onboarding data."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort
from sqlalchemy import func, select

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


def _counts(column, where, model) -> dict:
    rows = db.session.execute(
        select(column, func.count()).select_from(model).where(where).group_by(column)
    )
    return {key: count for key, count in rows}


def onboarding_facts(store: Store) -> OnboardingFacts:
    last_review = db.session.execute(
        select(Review.reason_codes, Review.comment)
        .where(Review.subject_kind == "store", Review.subject_id == store.id)
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(1)
    ).first()
    reasons, note = last_review if last_review else (None, None)
    sent_back = db.session.execute(
        select(Review.reason_codes, Review.comment, Product.id, Product.title)
        .join(Product, Product.id == Review.subject_id)
        .where(
            Review.subject_kind == "product",
            Product.store_id == store.id,
            Product.status == ReviewStatus.CHANGES_REQUESTED,
            Review.decision == "request_changes",
        )
        .order_by(Review.created_at.desc(), Review.id.desc())
        .limit(1)
    ).first()
    plans = _plan_counter(store.id)
    return OnboardingFacts(
        documents=_counts(StoreDocument.verdict, StoreDocument.store_id == store.id, StoreDocument),
        products=_counts(Product.status, Product.store_id == store.id, Product),
        best_quality=db.session.scalar(
            select(func.coalesce(func.max(Product.quality_score), 0)).where(
                Product.store_id == store.id
            )
        ),
        registrations=_counts(
            ActivityRegistration.status,
            ActivityRegistration.store_id == store.id,
            ActivityRegistration,
        ),
        last_reasons=reasons or [],
        listing_feedback=(sent_back[0] or [], sent_back[1] or "") if sent_back else ([], ""),
        sent_back_listing=(sent_back[2], sent_back[3]) if sent_back else None,
        plans=(plans[0], plans[1]),
        last_note=note or "",
    )
