"""Recording results, and importing or undoing a results CSV as one batch. The view commits
once, so an import is every row or none."""

from sqlalchemy import delete, func, select

from ...audit import audit
from ...auth.models import User
from ...extensions import db
from ...imports.batches import claim_batch, claim_undo, mark_undone
from ...imports.models import ImportBatch
from ..models import PerformanceRecord, Placement
from .forms import COLUMNS


def record(
    store_id: int,
    values: dict,
    placements_by_code: dict[str, Placement],
    actor_id: int,
    batch_id: int | None = None,
) -> PerformanceRecord:
    placement = placements_by_code[values["placement"]]
    entry = PerformanceRecord(
        store_id=store_id,
        placement_id=placement.id,
        recorded_by_id=actor_id,
        import_batch_id=batch_id,
        **{k: values[k] for k in COLUMNS if k != "placement"},
    )
    db.session.add(entry)
    return entry


def record_one(store_id: int, values: dict, by_code: dict[str, Placement], actor: User) -> None:
    entry = record(store_id, values, by_code, actor.id)
    db.session.flush()
    audit(
        actor_id=actor.id,
        subject_kind="results",
        subject_id=entry.id,
        action="record_results",
        detail={"store": store_id, "placement": values["placement"]},
    )


def import_results_file(
    store_id: int, rows: list[dict], by_code: dict[str, Placement], file_name: str, actor: User
) -> ImportBatch:
    """Raises AlreadyImported when this store already imported the same rows."""
    batch = claim_batch("results", store_id, rows, file_name, actor)
    for row in rows:
        record(store_id, row, by_code, actor.id, batch.id)
    return batch


def get_results_batch(store_id: int, batch_id: int) -> ImportBatch | None:
    return db.session.scalar(
        select(ImportBatch).where(
            ImportBatch.id == batch_id,
            ImportBatch.kind == "results",
            ImportBatch.store_id == store_id,
        )
    )


def undo_results_import(batch: ImportBatch, actor: User) -> int:
    """Raises AlreadyUndone when another request undid it first."""
    claim_undo(batch, actor)
    removed = db.session.scalar(
        select(func.count())
        .select_from(PerformanceRecord)
        .where(PerformanceRecord.import_batch_id == batch.id)
    )
    db.session.execute(
        delete(PerformanceRecord).where(PerformanceRecord.import_batch_id == batch.id)
    )
    mark_undone(batch, actor, removed=removed)
    return removed
