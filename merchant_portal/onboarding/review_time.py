"""How long merchant operations take to decide, read from the queue's own records: the
median time from submission to decision, per kind, over the last 30 days. The checklist tells
a waiting merchant this instead of a promise nobody measured."""

from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import select

from ..extensions import db
from ..workflow.models import Review
from .activities.models import ActivityRegistration
from .products.models import Product
from .store.models import Store

WINDOW = timedelta(days=30)
MODELS = {"store": Store, "product": Product, "registration": ActivityRegistration}


def median_decision_hours(kind: str, now: datetime) -> float | None:
    """None when nothing of the kind was decided in the window. A submission resubmitted
    since its decision is left out: its submitted_at is the new round's."""
    model = MODELS[kind]
    rows = db.session.execute(
        select(Review.created_at, model.submitted_at)
        .join(model, model.id == Review.subject_id)
        .where(
            Review.subject_kind == kind,
            Review.created_at >= now - WINDOW,
            model.submitted_at.is_not(None),
            model.submitted_at <= Review.created_at,
        )
    ).all()
    if not rows:
        return None
    return median((decided - submitted).total_seconds() / 3600 for decided, submitted in rows)
