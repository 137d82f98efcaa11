"""An account manager's book: every merchant assigned to them with GMV against target, trend
and live lifecycle stage. Constant statements whatever the book's size; the stage of every
merchant in the book is computed (sorting by it needs all of them), then one page is shown."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from sqlalchemy import bindparam, func, select

from ..extensions import db
from ..i18n.name_order import in_name_order
from ..onboarding.store.models import Store
from ..sales.models import StoreDay
from .accounts import managed_by
from .business import settings
from .health import Health
from .health_facts import store_health
from .health_history import scores_a_week_ago
from .history import histories
from .lifecycle import STAGE_ORDER, Lifecycle, lifecycle
from .models import MerchantAccount


@dataclass(frozen=True)
class BookRow:
    store_id: int
    name: str
    category: str | None
    target: Decimal | None
    month_gmv: Decimal
    life: Lifecycle
    health: Health
    score_week_ago: int | None = None  # from the nightly snapshots
    name_place: int = 0  # where the name stands in name order (i18n.name_order: pinyin)

    @property
    def health_change(self) -> int | None:
        if self.score_week_ago is None:
            return None
        return self.health.score - self.score_week_ago

    @property
    def target_pct(self) -> float | None:
        return float(self.month_gmv / self.target * 100) if self.target else None


SORTS = {
    "name": lambda row: row.name_place,
    "gmv": lambda row: row.month_gmv,
    "target": lambda row: row.target_pct if row.target_pct is not None else -1.0,
    "trend": lambda row: row.life.change_pct if row.life.change_pct is not None else -1e9,
    "stage": lambda row: STAGE_ORDER.index(row.life.stage),
    "health": lambda row: row.health.score,
    "change": lambda row: row.health_change if row.health_change is not None else 10_000,
}


# Built once, with parameters: a manager opens the book many times a day.
@cache
def _accounts_statement(unmanaged: bool):
    owner = managed_by(None if unmanaged else bindparam("manager_id"))
    return (
        select(Store.id, Store.name, Store.category, MerchantAccount.monthly_gmv_target)
        .outerjoin(MerchantAccount, MerchantAccount.store_id == Store.id)
        .where(owner)
        .order_by(in_name_order(Store.name), Store.id)
    )


_MONTH_GMV = (
    select(StoreDay.store_id, func.sum(StoreDay.gmv))
    .where(
        StoreDay.store_id.in_(bindparam("store_ids", expanding=True)),
        StoreDay.day >= bindparam("month_start"),
        StoreDay.day < bindparam("today"),
    )
    .group_by(StoreDay.store_id)
)


def book_rows(manager_id: int | None, today: date) -> list[BookRow]:
    """Everyone in ``manager_id``'s book (``None``: merchants nobody manages yet)."""
    accounts = (
        db.session.connection()
        .execute(_accounts_statement(manager_id is None), {"manager_id": manager_id})
        .all()
    )
    ids = [row[0] for row in accounts]
    # the month to yesterday: on the first of a month, the month just ended, never nothing
    month_start = (today - timedelta(days=1)).replace(day=1)
    month_gmv = (
        dict(
            db.session.execute(
                _MONTH_GMV, {"store_ids": ids, "month_start": month_start, "today": today}
            ).all()
        )
        if ids
        else {}
    )
    rules = settings()
    stories = histories(ids, today, rules)
    healths = store_health(ids, today)
    week_ago = scores_a_week_ago(ids, today)
    return [
        BookRow(
            store_id,
            name,
            category,
            target,
            Decimal(month_gmv.get(store_id) or 0),
            lifecycle(stories[store_id], rules),
            healths[store_id],
            week_ago.get(store_id),
            place,
        )
        for place, (store_id, name, category, target) in enumerate(accounts)
    ]


def sort_rows(rows: list[BookRow], sort: str, descending: bool) -> list[BookRow]:
    key = SORTS.get(sort, SORTS["stage"])
    return sorted(rows, key=lambda row: (key(row), row.store_id), reverse=descending)
