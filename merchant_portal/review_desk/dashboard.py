"""The operations dashboard: the onboarding funnel, queue age, reviewer throughput, reasons."""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import distinct, func, select

from ..access import Role
from ..auth.models import User
from ..extensions import db
from ..onboarding.activities.models import ActivityRegistration
from ..onboarding.products.models import Product
from ..onboarding.store.models import Store
from ..timeutil import utcnow
from ..workflow.models import Review
from ..workflow.reasons import REASONS
from ..workflow.reviewable import ReviewStatus
from .queue import waiting_age_percentiles, waiting_by_kind

WINDOW_DAYS = 30


@dataclass(frozen=True)
class Stage:
    name: str
    count: int
    conversion: float | None  # from the stage before


def _count(query) -> int:
    return db.session.scalar(query) or 0


def funnel() -> list[Stage]:
    S = ReviewStatus
    counts = [
        (
            _("Signed up"),
            _count(select(func.count()).select_from(User).where(User.role == Role.MERCHANT)),
        ),
        (
            _("Store submitted"),
            _count(select(func.count()).select_from(Store).where(Store.status != S.DRAFT)),
        ),
        (
            _("Store approved"),
            _count(select(func.count()).select_from(Store).where(Store.status == S.APPROVED)),
        ),
        (
            _("First product live"),
            _count(
                select(func.count(distinct(Product.store_id))).where(Product.status == S.APPROVED)
            ),
        ),
        (
            _("Registered in a promotion"),
            _count(select(func.count(distinct(ActivityRegistration.store_id)))),
        ),
    ]
    stages, before = [], None
    for name, count in counts:
        stages.append(Stage(name, count, (count / before) if before else None))
        before = count
    return stages


def decisions_by_reviewer(since) -> list[tuple[str, dict[str, int]]]:
    rows = db.session.execute(
        select(User.email, Review.decision, func.count())
        .join(User, User.id == Review.reviewer_id)
        .where(Review.created_at >= since)
        .group_by(User.email, Review.decision)
        .order_by(User.email)
    )
    table: dict[str, dict[str, int]] = {}
    for email, decision, count in rows:
        table.setdefault(email, {"approve": 0, "request_changes": 0, "reject": 0})[decision] = count
    return sorted(table.items(), key=lambda item: -sum(item[1].values()))


def top_reasons(since, limit: int = 8) -> list[tuple[str, int]]:
    """Reason codes are a JSON list per review, which SQLite and PostgreSQL unpack differently;
    the window keeps what is read small, and it is one statement either way."""
    counter: Counter = Counter()
    for codes in db.session.scalars(
        select(Review.reason_codes).where(Review.created_at >= since, Review.decision != "approve")
    ):
        counter.update(codes or [])
    return [(str(REASONS.get(code, code)), count) for code, count in counter.most_common(limit)]


def dashboard() -> dict:
    now = utcnow()
    since = now - timedelta(days=WINDOW_DAYS)
    median, p90 = waiting_age_percentiles(now)
    return {
        "funnel": funnel(),
        "waiting": waiting_by_kind(),
        "median_hours": median,
        "p90_hours": p90,
        "reviewers": decisions_by_reviewer(since),
        "reasons": top_reasons(since),
        "window_days": WINDOW_DAYS,
    }
