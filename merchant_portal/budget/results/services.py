"""Recording results, and importing or undoing a results CSV as one batch. The view commits
once, so an import is every row or none."""

from flask import abort
from sqlalchemy import delete, func, select

from ...audit import audit
from ...auth.models import User
from ...extensions import db
from ...imports.batches import claim_batch, claim_undo, mark_undone
from ...imports.models import ImportBatch
from ..models import PerformanceRecord, Placement
from .weekly import Recorded, record_weeks, replaced_figures, restore


def record_one(store_id: int, values: dict, by_code: dict[str, Placement], actor: User) -> Recorded:
    """One week of one placement; a week already recorded is replaced (and says by whom)."""
    (done,) = record_weeks(store_id, [values], by_code, actor.id)
    if done.unchanged:  # the same figures sent again: nothing changed, nothing to audit
        return done
    db.session.flush()
    audit(
        actor_id=actor.id,
        subject_kind="results",
        subject_id=done.entry.id,
        action="replace_results" if done.replaced_at else "record_results",
        detail={
            "store": store_id,
            "placement": values["placement"],
            "week": values["week"].isoformat(),
            # this change's replaced figures only: the whole chain made 106 MB of events
            **({"replaced": replaced_figures(done.entry.replaced)} if done.replaced_at else {}),
        },
    )
    return done


def import_results_file(
    store_id: int, rows: list[dict], by_code: dict[str, Placement], file_name: str, actor: User
) -> list[Recorded]:
    """Raises AlreadyImported when this store already imported the same rows."""
    batch = claim_batch("results", store_id, rows, file_name, actor)
    return record_weeks(store_id, rows, by_code, actor.id, batch.id)


def get_results_batch(store_id: int, batch_id: int) -> ImportBatch | None:
    return db.session.scalar(
        select(ImportBatch).where(
            ImportBatch.id == batch_id,
            ImportBatch.kind == "results",
            ImportBatch.store_id == store_id,
        )
    )


def replaced_since(batch: ImportBatch) -> tuple[int, list[str]]:
    """The import's weeks recorded again since (by a later import or by hand): how many, and
    the later files' names. Undoing the import leaves those weeks as they were recorded last."""
    later, files = 0, set()
    for _entry, file_name in _later_rows(batch):
        later += 1
        if file_name:
            files.add(file_name)
    return later, sorted(files)


def _later_rows(batch: ImportBatch):
    """Rows of the store whose memory of replaced figures holds this import's: one query."""
    rows = db.session.execute(
        select(PerformanceRecord, ImportBatch.file_name)
        .outerjoin(ImportBatch, ImportBatch.id == PerformanceRecord.import_batch_id)
        .where(
            PerformanceRecord.store_id == batch.store_id,
            PerformanceRecord.replaced.is_not(None),
            (PerformanceRecord.import_batch_id != batch.id)
            | PerformanceRecord.import_batch_id.is_(None),
        )
    ).all()
    return [(entry, name) for entry, name in rows if _holds(entry.replaced, batch.id)]


def _holds(saved: dict | None, batch_id: int) -> bool:
    while saved:
        if saved.get("import_batch_id") == batch_id:
            return True
        saved = saved.get("replaced")
    return False


def _without(saved: dict | None, batch_id: int) -> dict | None:
    """The chain of replaced figures with this import's step taken out: what it had replaced
    takes its place, so undoing the later import never brings back an undone import's week."""
    if not saved:
        return saved
    if saved.get("import_batch_id") == batch_id:
        return saved.get("replaced")
    return {**saved, "replaced": _without(saved.get("replaced"), batch_id)}


def undo_results_import(batch: ImportBatch, actor: User) -> int:
    """Weeks the import added go; weeks it replaced get their earlier figures back. Its weeks
    recorded again since keep their later figures, and forget this import's (undoing the later
    one then takes the week back to what this import had found, never to this import's).
    All in the caller's one transaction. Raises AlreadyUndone when another request undid it
    first."""
    claim_undo(batch, actor)
    for entry, _file in _later_rows(batch):
        entry.replaced = _without(entry.replaced, batch.id)
    owned = select(PerformanceRecord).where(PerformanceRecord.import_batch_id == batch.id)
    removed = db.session.scalar(
        select(func.count())
        .select_from(PerformanceRecord)
        .where(PerformanceRecord.import_batch_id == batch.id)
    )
    for entry in db.session.scalars(owned.where(PerformanceRecord.replaced.is_not(None))).all():
        restore(entry, entry.replaced)
    db.session.flush()
    db.session.execute(
        delete(PerformanceRecord).where(PerformanceRecord.import_batch_id == batch.id)
    )
    mark_undone(batch, actor, removed=removed)
    return removed


def get_recorded_or_404(store_id: int, record_id: int) -> PerformanceRecord:
    """A week's results of this store; another store's (or another merchant's) is a 404."""
    entry = db.session.scalar(
        select(PerformanceRecord).where(
            PerformanceRecord.id == record_id, PerformanceRecord.store_id == store_id
        )
    )
    if entry is None:
        abort(404)
    return entry


def delete_one(entry: PerformanceRecord, placement: Placement, actor: User) -> bool:
    """A week recorded by hand goes, with what it had replaced (an import's weeks go by
    undoing the import, which knows what to put back). False when another request deleted
    it first: one DELETE that matches the row or nothing, so the same week deleted from two
    tabs at once is one deletion in the trail, not two (four tabs wrote four events)."""
    deleted = db.session.execute(
        delete(PerformanceRecord)
        .where(PerformanceRecord.id == entry.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if deleted != 1:
        return False
    audit(
        actor_id=actor.id,
        subject_kind="results",
        subject_id=entry.id,
        action="delete_results",
        detail={
            "store": entry.store_id,
            "placement": placement.code,
            "week": entry.week.isoformat(),
            "spend": str(entry.spend),
            "conversions": entry.conversions,
            "revenue": str(entry.revenue),
        },
    )
    db.session.expunge(entry)
    return True
