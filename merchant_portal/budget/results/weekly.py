"""Recording a store's weekly results: one row per store, placement and week.

A week already recorded is replaced, never added again, and the figures it had are kept on the
row (``replaced``) so that undoing the import that replaced them puts them back. The unique
constraint decides between two requests recording the same week at the same moment: the
second's insert fails on it, and it then replaces the first's row instead.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import false as sa_false
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ...auth.models import User
from ...extensions import db
from ...timeutil import utcnow
from ..models import PerformanceRecord, Placement
from .forms import FIGURES

KEPT = ("week", "period_start", "period_end", *FIGURES)


@dataclass(frozen=True)
class Recorded:
    entry: PerformanceRecord
    placement: Placement
    # when the replaced figures were recorded and by whom; None for a week recorded first now
    replaced_at: datetime | None = None
    replaced_by: str | None = None
    unchanged: bool = False  # the same figures again (a double submit): nothing was written


# how many earlier versions a row remembers: 1,100 corrections of one week grew a chain (and
# each audit event copying it) without end; an import older than these has been replaced so
# often that undoing it leaves the week as it was recorded last anyway
KEPT_VERSIONS = 20


def snapshot(entry: PerformanceRecord) -> dict:
    """The row's figures as JSON, with what they had replaced in turn (the last
    ``KEPT_VERSIONS``)."""
    kept = {name: _json(getattr(entry, name)) for name in KEPT}
    return {
        **kept,
        "recorded_by_id": entry.recorded_by_id,
        "import_batch_id": entry.import_batch_id,
        "created_at": entry.created_at.isoformat(),
        "replaced": _capped(entry.replaced, KEPT_VERSIONS - 1),
    }


def _capped(saved: dict | None, versions: int) -> dict | None:
    if not saved or versions <= 0:
        return None
    return {**saved, "replaced": _capped(saved.get("replaced"), versions - 1)}


def replaced_figures(saved: dict) -> dict:
    """The figures one change replaced, without the older ones they had replaced in turn."""
    return {name: value for name, value in saved.items() if name != "replaced"}


def restore(entry: PerformanceRecord, saved: dict) -> None:
    entry.period_start = date.fromisoformat(saved["period_start"])
    entry.period_end = date.fromisoformat(saved["period_end"])
    for name in FIGURES:
        value = saved[name]
        setattr(entry, name, Decimal(value) if name in ("spend", "revenue") else int(value))
    entry.recorded_by_id = saved["recorded_by_id"]
    entry.import_batch_id = saved["import_batch_id"]
    entry.created_at = datetime.fromisoformat(saved["created_at"])
    entry.replaced = saved["replaced"]


def _json(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _same(entry: PerformanceRecord, values: dict) -> bool:
    return all(getattr(entry, name) == values[name] for name in KEPT)


def _existing(store_id: int, keys: set[tuple[int, date]]) -> dict[tuple[int, date], tuple]:
    """The rows already recorded for these (placement, week) pairs, locked, with who recorded
    them: one query for the whole file."""
    if not keys:
        return {}
    weeks = [week for _, week in keys]
    rows = db.session.execute(
        select(PerformanceRecord, User.email)
        .join(User, User.id == PerformanceRecord.recorded_by_id)
        .where(
            PerformanceRecord.store_id == store_id,
            PerformanceRecord.week.between(min(weeks), max(weeks)),
        )
        .with_for_update(of=PerformanceRecord)
    ).all()
    found = {(entry.placement_id, entry.week): (entry, email) for entry, email in rows}
    return {key: found[key] for key in keys if key in found}


def record_weeks(
    store_id: int,
    rows: list[dict],
    by_code: dict[str, Placement],
    actor_id: int,
    batch_id: int | None = None,
) -> list[Recorded]:
    """Every row recorded, a week already there replaced. Rows hold one (placement, week)
    each (the CSV reader refuses a file naming one twice)."""
    _write_first()
    for attempt in range(3):
        savepoint = db.session.begin_nested()
        try:
            outcome = _record(store_id, rows, by_code, actor_id, batch_id)
            db.session.flush()
        except IntegrityError:
            # another request recorded one of these weeks meanwhile and has committed it:
            # read it again, and this time replace it
            savepoint.rollback()
            if attempt == 2:
                raise
            continue
        savepoint.commit()
        return outcome
    raise AssertionError("unreachable")


def _write_first() -> None:
    """SQLite has no row locks: a transaction that read first and writes second cannot wait
    for another writer ("database is locked" at once). Taking the write lock before reading
    makes the second request wait its turn, as ``FOR UPDATE`` does on PostgreSQL."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(PerformanceRecord).where(sa_false()).values(id=PerformanceRecord.id)
        )


def _record(store_id, rows, by_code, actor_id, batch_id) -> list[Recorded]:
    keys = {(by_code[row["placement"]].id, row["week"]) for row in rows}
    existing = _existing(store_id, keys)
    outcome = []
    for row in rows:
        placement = by_code[row["placement"]]
        values = {name: row[name] for name in KEPT}
        found = existing.get((placement.id, row["week"]))
        if found is None:
            entry = PerformanceRecord(
                store_id=store_id,
                placement_id=placement.id,
                recorded_by_id=actor_id,
                import_batch_id=batch_id,
                **values,
            )
            db.session.add(entry)
            outcome.append(Recorded(entry, placement))
            continue
        entry, email = found
        at = entry.created_at
        if _same(entry, values):
            outcome.append(Recorded(entry, placement, at, email, unchanged=True))
            continue
        entry.replaced = snapshot(entry)
        for name, value in values.items():
            setattr(entry, name, value)
        entry.recorded_by_id = actor_id
        entry.import_batch_id = batch_id
        entry.created_at = utcnow()
        outcome.append(Recorded(entry, placement, at, email))
    return outcome
