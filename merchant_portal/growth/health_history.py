"""Health over time: the nightly snapshot of every store's score, the falls below the recall
threshold it finds, and the reads the pages make of both. Everything in bulk: a constant
number of statements per thousand stores, never one per store."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from sqlalchemy import Insert, and_, bindparam, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..onboarding.store.models import Store
from ..timeutil import utcnow
from .health_facts import store_health
from .health_line import recall_below
from .models import HealthCrossing, HealthSnapshot

CHUNK = 1000  # stores per bulk read and write
CHANGE_DAYS = 7  # the book's "change" is today's score against the one a week ago
TREND_DAYS = 90


def _insert(model) -> Insert:
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


@dataclass(frozen=True)
class SnapshotResult:
    stores: int
    crossings: int


def take_snapshot(day: date) -> SnapshotResult:
    """Every store's score on ``day``, one row per store (a re-run replaces it), and a
    crossing for each store seen below the threshold where its last earlier snapshot was not
    (or it had none). The caller commits."""
    threshold = recall_below()
    store_ids = list(db.session.scalars(select(Store.id).order_by(Store.id)))
    crossings = 0
    for start in range(0, len(store_ids), CHUNK):
        chunk = store_ids[start : start + CHUNK]
        healths = store_health(chunk, day)
        rows = [
            {
                "store_id": store_id,
                "day": day,
                "score": h.score,
                "worst": h.problems[0].code if h.problems else None,
                "refreshed_at": utcnow(),
            }
            for store_id, h in healths.items()
        ]
        before = _scores_before(chunk, day)
        statement = _insert(HealthSnapshot).values(rows)
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["store_id", "day"],
                set_={c: statement.excluded[c] for c in ("score", "worst", "refreshed_at")},
            )
        )
        fallen = [
            {
                "store_id": row["store_id"],
                "day": day,
                "score": row["score"],
                "previous_score": before.get(row["store_id"]),
                "threshold": threshold,
                "worst": row["worst"],
                "created_at": utcnow(),
            }
            for row in rows
            if row["score"] < threshold
            and (before.get(row["store_id"]) is None or before[row["store_id"]] >= threshold)
        ]
        if fallen:
            # counted from what came back: psycopg's rowcount read -1 for several rows
            crossings += len(
                db.session.execute(
                    _insert(HealthCrossing)
                    .values(fallen)
                    .on_conflict_do_nothing(index_elements=["store_id", "day"])
                    .returning(HealthCrossing.id)
                ).all()
            )
        # a re-run that finds a store back above the line takes back that day's crossing
        db.session.execute(
            delete(HealthCrossing).where(
                HealthCrossing.day == day,
                HealthCrossing.store_id.in_(
                    [r["store_id"] for r in rows if r["score"] >= threshold]
                ),
            )
        )
    return SnapshotResult(len(store_ids), crossings)


def _scores_before(store_ids: list[int], day: date) -> dict[int, int]:
    """Each store's latest snapshot before ``day``."""
    return _latest_scores(store_ids, {"before": day}, week_ago=False)


def scores_a_week_ago(store_ids: list[int], today: date) -> dict[int, int]:
    """The score each store had ``CHANGE_DAYS`` ago (its latest snapshot on or before that
    day, within another week), one statement."""
    if not store_ids:
        return {}
    then = today - timedelta(days=CHANGE_DAYS)
    window = {"then": then, "after": then - timedelta(days=CHANGE_DAYS)}
    return _latest_scores(store_ids, window, week_ago=True)


# Built once for each of the two windows, with parameters: the books ask on every view.
@cache
def _latest_scores_statement(week_ago: bool):
    if week_ago:
        within = (
            HealthSnapshot.day <= bindparam("then"),
            HealthSnapshot.day > bindparam("after"),
        )
    else:
        within = (HealthSnapshot.day < bindparam("before"),)
    latest = (
        select(HealthSnapshot.store_id, func.max(HealthSnapshot.day).label("day"))
        .where(HealthSnapshot.store_id.in_(bindparam("store_ids", expanding=True)), *within)
        .group_by(HealthSnapshot.store_id)
        .subquery()
    )
    same_day = and_(
        latest.c.store_id == HealthSnapshot.store_id, latest.c.day == HealthSnapshot.day
    )
    return select(HealthSnapshot.store_id, HealthSnapshot.score).join(latest, same_day)


def _latest_scores(store_ids: list[int], window: dict, week_ago: bool) -> dict[int, int]:
    """{store id: score} of each store's latest snapshot in the window."""
    if not store_ids:
        return {}
    return dict(
        db.session.execute(
            _latest_scores_statement(week_ago), {"store_ids": store_ids, **window}
        ).all()
    )


def latest_crossings(store_ids: list[int]) -> dict[int, HealthCrossing]:
    """Each store's most recent fall below the threshold, one statement."""
    if not store_ids:
        return {}
    latest = (
        select(func.max(HealthCrossing.id))
        .where(HealthCrossing.store_id.in_(store_ids))
        .group_by(HealthCrossing.store_id)
    )
    return {
        crossing.store_id: crossing
        for crossing in db.session.scalars(
            select(HealthCrossing).where(HealthCrossing.id.in_(latest))
        )
    }


def health_trend(store_id: int, today: date, days: int = TREND_DAYS) -> list[HealthSnapshot]:
    return list(
        db.session.scalars(
            select(HealthSnapshot)
            .where(
                HealthSnapshot.store_id == store_id,
                HealthSnapshot.day > today - timedelta(days=days),
            )
            .order_by(HealthSnapshot.day)
        )
    )
