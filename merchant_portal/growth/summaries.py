"""The materialised summaries: stage snapshots and moves per month, and category demand.

Refreshed by ``flask refresh-growth`` (nightly in production; ``seed-demo`` runs it too) and
from the dashboard's button. The dashboard reads only these: recomputing 10,000 merchants'
histories for seven dates would not fit in a page's time."""

from collections import Counter
from datetime import date, datetime, timedelta
from itertools import pairwise

from flask import current_app
from sqlalchemy import delete, insert, select

from ..extensions import db
from ..onboarding.store.models import Store
from ..timeutil import market_day, utcnow
from .history import histories
from .lifecycle import LifecycleSettings, lifecycle
from .models import StageMove, StageSnapshot
from .selection import refresh_category_demand

MONTHS = 6
CHUNK = 2000


def snapshot_dates(today: date, months: int = MONTHS) -> list[date]:
    """The last ``months`` month ends before today, oldest first, then today."""
    ends, end = [], today.replace(day=1) - timedelta(days=1)
    for _ in range(months):
        ends.append(end)
        end = end.replace(day=1) - timedelta(days=1)
    return [*reversed(ends), today]


def existed(created_at: datetime, first_sale: date | None, as_of: date) -> bool:
    """Whether a store counts at a past month end: it had joined the portal by then, or sold
    by then (a store's sales can be older than its account here: imported history). A store
    that joined today was counted as onboarding at every month end before it."""
    return market_day(created_at) <= as_of or (first_sale is not None and first_sale <= as_of)


def refresh(today: date) -> dict[str, int]:
    """Rewrites every summary; the caller commits. Returns merchants per stage today."""
    refresh_category_demand(today)
    settings = LifecycleSettings.from_config(current_app.config)
    dates = snapshot_dates(today)
    joined = dict(db.session.execute(select(Store.id, Store.created_at).order_by(Store.id)).all())
    store_ids = list(joined)
    db.session.execute(delete(StageSnapshot))
    db.session.execute(delete(StageMove))
    stages: dict[date, dict[int, str]] = {}
    for as_of in dates:
        # month ends are judged on sales alone: the stock and listings of back then are not kept
        full = as_of == today
        stages[as_of] = {}
        for start in range(0, len(store_ids), CHUNK):
            chunk = store_ids[start : start + CHUNK]
            for store_id, history in histories(chunk, as_of, settings, full).items():
                if not full and not existed(joined[store_id], history.first_sale, as_of):
                    continue
                stages[as_of][store_id] = lifecycle(history, settings).stage.value
        if stages[as_of]:
            db.session.execute(
                insert(StageSnapshot),
                [{"store_id": s, "as_of": as_of, "stage": v} for s, v in stages[as_of].items()],
            )
    now = utcnow()
    for earlier, later in pairwise(dates):
        moves = Counter(
            (stages[earlier].get(store_id, "onboarding"), stage)
            for store_id, stage in stages[later].items()
        )
        if moves:
            db.session.execute(
                insert(StageMove),
                [{"as_of": later, "from_stage": a, "to_stage": b, "merchants": n,
                  "refreshed_at": now} for (a, b), n in moves.items()],
            )  # fmt: skip
    return dict(Counter(stages[today].values()))
