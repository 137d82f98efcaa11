"""Reminders follow the book: when a store changes account manager, the open tasks the
previous manager kept for it move to the new one, so a reminder never goes to someone who no
longer answers for the store (or, deactivated, to nobody)."""

from sqlalchemy import update

from ...audit import audit
from ...extensions import db
from .models import NotebookTask


def hand_over_tasks(moves: dict[int, tuple[int | None, int | None]], admin_id: int) -> int:
    """``moves``: store id to (previous manager, new manager). Moves each store's open tasks
    owned by the previous manager in one statement per pair of managers, one audit event per
    store whose tasks moved; the caller commits (with the assignment: one transaction).
    Returns how many tasks moved."""
    by_pair: dict[tuple[int, int], list[int]] = {}
    for store_id, (before, after) in moves.items():
        if before is not None and after is not None and before != after:
            by_pair.setdefault((before, after), []).append(store_id)
    moved = 0
    for (before, after), store_ids in sorted(by_pair.items()):
        rows = db.session.execute(
            update(NotebookTask)
            .where(
                NotebookTask.store_id.in_(store_ids),
                NotebookTask.owner_id == before,
                NotebookTask.done_at.is_(None),
            )
            .values(owner_id=after)
            .returning(NotebookTask.store_id, NotebookTask.id)
            .execution_options(synchronize_session=False)
        ).all()
        tasks: dict[int, list[int]] = {}
        for store_id, task_id in rows:
            tasks.setdefault(store_id, []).append(task_id)
        for store_id, task_ids in sorted(tasks.items()):
            audit(admin_id, "store", store_id, "notebook_tasks_handed_over",
                  detail={"from_manager": before, "to_manager": after,
                          "tasks": sorted(task_ids)})  # fmt: skip
        moved += len(rows)
    return moved
