"""Stores a planner marks to leave out of a draft's re-run: rows on the draft, so marks made
on one page are kept when the planner pages on, and a whole filtered list can be marked at
once. Each change is one statement or two and one audit event; the unique constraint makes a
store marked twice (two tabs, a double click) one row."""

import unicodedata

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from ...extensions import db
from ...onboarding.store.models import Store
from ..models import BudgetPlan, PlatformRunExclusion


def name_filter(query, words: str):
    """The run's recommendations whose store name holds ``words`` (any case); full-width
    letters, digits and spaces a Chinese input method types read as plain ones (NFKC)."""
    words = unicodedata.normalize("NFKC", words or "").strip()
    if not words:
        return query
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return query.where(Store.name.ilike(f"%{escaped}%", escape="\\"))


def marked_among(run_id: int, store_ids: list[int]) -> set[int]:
    if not store_ids:
        return set()
    return set(
        db.session.scalars(
            select(PlatformRunExclusion.store_id).where(
                PlatformRunExclusion.run_id == run_id,
                PlatformRunExclusion.store_id.in_(store_ids),
            )
        )
    )


def marked_count(run_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(PlatformRunExclusion)
        .where(PlatformRunExclusion.run_id == run_id)
    )


def all_marked(run_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(PlatformRunExclusion.store_id).where(PlatformRunExclusion.run_id == run_id)
        )
    )


def _in_run(run_id: int, store_ids: set[int]) -> set[int]:
    """Only stores the run recommended for: an id typed into the form is not marked."""
    if not store_ids:
        return set()
    return set(
        db.session.scalars(
            select(BudgetPlan.store_id).where(
                BudgetPlan.platform_run_id == run_id, BudgetPlan.store_id.in_(store_ids)
            )
        )
    )


def mark_page(run_id: int, shown: set[int], ticked: set[int], planner_id: int) -> tuple[int, int]:
    """The page's ticks as marks: ticked stores marked, the page's other stores unmarked;
    marks on other pages stay. (added, removed)."""
    shown = _in_run(run_id, shown | ticked)
    ticked &= shown
    before = marked_among(run_id, list(shown))
    removed = (before - ticked) & shown
    if removed:
        db.session.execute(
            delete(PlatformRunExclusion).where(
                PlatformRunExclusion.run_id == run_id,
                PlatformRunExclusion.store_id.in_(removed),
            )
        )
    added = ticked - before
    _add(run_id, added, planner_id)
    return len(added), len(removed)


def mark_matching(run_id: int, words: str, planner_id: int) -> int:
    """Every store of the run whose name holds ``words``, on every page, marked."""
    query = name_filter(
        select(BudgetPlan.store_id)
        .join(Store, Store.id == BudgetPlan.store_id)
        .where(BudgetPlan.platform_run_id == run_id),
        words,
    )
    matching = set(db.session.scalars(query))
    added = matching - marked_among(run_id, list(matching))
    _add(run_id, added, planner_id)
    return len(added)


def clear_marks(run_id: int) -> int:
    return db.session.execute(
        delete(PlatformRunExclusion).where(PlatformRunExclusion.run_id == run_id)
    ).rowcount


def _add(run_id: int, store_ids: set[int], planner_id: int) -> None:
    if not store_ids:
        return
    rows = [{"run_id": run_id, "store_id": s, "created_by_id": planner_id} for s in store_ids]
    try:
        with db.session.begin_nested():
            db.session.execute(insert(PlatformRunExclusion), rows)
    except IntegrityError:  # marked meanwhile from another tab: add only what is still missing
        missing = store_ids - marked_among(run_id, list(store_ids))
        if missing:
            db.session.execute(
                insert(PlatformRunExclusion),
                [r for r in rows if r["store_id"] in missing],
            )
