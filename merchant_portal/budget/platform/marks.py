"""Stores a planner marks to leave out of a draft's re-run: rows on the draft, so marks made
on one page are kept when the planner pages on, and a whole filtered list can be marked at
once. Each change is one statement or two and one audit event; the unique constraint makes a
store marked twice (two tabs, a double click) one row, and every mark is inserted with ON
CONFLICT DO NOTHING, so two planners marking the same stores at once both land (catching the
conflict and inserting what was missing still raced a third tab: a 500 on PostgreSQL)."""

import unicodedata

from sqlalchemy import Select, delete, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite

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
    unmarked = 0
    if removed:
        unmarked = db.session.execute(
            delete(PlatformRunExclusion).where(
                PlatformRunExclusion.run_id == run_id,
                PlatformRunExclusion.store_id.in_(removed),
            )
        ).rowcount
    to_mark = ticked - before
    marked = (
        _add(run_id, select(Store.id).where(Store.id.in_(to_mark)), planner_id) if to_mark else 0
    )
    return marked, unmarked


def mark_matching(run_id: int, words: str, planner_id: int) -> int:
    """Every store of the run whose name holds ``words``, on every page, marked: one INSERT
    from the filter's SELECT (a list of the ids found took a parameter each, and PostgreSQL
    takes at most 65,535 a statement: "a" on a 100,000-store run was a 500)."""
    query = name_filter(
        select(BudgetPlan.store_id)
        .join(Store, Store.id == BudgetPlan.store_id)
        .where(BudgetPlan.platform_run_id == run_id),
        words,
    )
    return _add(run_id, query, planner_id)


def clear_marks(run_id: int) -> int:
    return db.session.execute(
        delete(PlatformRunExclusion).where(PlatformRunExclusion.run_id == run_id)
    ).rowcount


def _add(run_id: int, store_ids: Select, planner_id: int) -> int:
    """Marks the stores ``store_ids`` selects, in the database; those marked already (from
    another tab, this very moment) are skipped. The count of stores this request marked."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    rows = store_ids.add_columns(
        literal(run_id).label("run_id"), literal(planner_id).label("created_by_id")
    )
    # counted from RETURNING: psycopg's rowcount of an INSERT ... SELECT with ON CONFLICT is -1
    added = db.session.execute(
        dialect.insert(PlatformRunExclusion)
        .from_select(["store_id", "run_id", "created_by_id"], rows)
        .on_conflict_do_nothing(index_elements=["run_id", "store_id"])
        .returning(PlatformRunExclusion.store_id)
    )
    return len(added.all())
