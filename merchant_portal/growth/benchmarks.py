"""Peer benchmarks: a store against the other stores of its category over the last four
complete weeks (conversion, average order value, GMV growth against the four weeks before),
as the category's lower quartile, median and upper quartile. Read from the weekly rollups in
one statement however many peers; never another store's own figure: a figure is shown only
when at least ``MIN_PEERS`` other stores have it."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from statistics import quantiles

from sqlalchemy import bindparam, func, literal_column, select

from ..extensions import db
from ..i18n import _l
from ..onboarding.store.models import Store
from ..sales.models import StoreWeek, week_of

MIN_PEERS = 5
WEEKS = 4


@dataclass(frozen=True)
class Spread:
    lower: float  # the lower quartile
    median: float
    upper: float
    peers: int  # how many other stores have this figure


@dataclass(frozen=True)
class Benchmark:
    code: str  # conversion, aov, growth
    label: str
    unit: str  # percent or money
    mine: float | None
    spread: Spread | None  # None: too few peers to show without exposing one

    @property
    def standing(self) -> str | None:
        if self.mine is None or self.spread is None:
            return None
        if self.mine < self.spread.lower:
            return "bottom"
        return "top" if self.mine > self.spread.upper else "middle"


@dataclass(frozen=True)
class PeerBenchmarks:
    category: str
    peers: int  # other stores of the category that sold in the last four weeks
    rows: tuple[Benchmark, ...]

    @property
    def shown(self) -> bool:
        return any(row.spread for row in self.rows)


LABELS = {
    "conversion": _l("Conversion (orders / visitors)"),
    "aov": _l("Average order value"),
    "growth": _l("GMV growth, 4 weeks against the 4 before"),
}


# Built once, with parameters: every business page shows the benchmarks.
@cache
def _peers_statement():
    is_recent = StoreWeek.week >= bindparam("recent_from")
    zero = literal_column("0")

    def recent(column):
        return func.coalesce(func.sum(column).filter(is_recent), zero)

    return (
        select(
            StoreWeek.store_id,
            recent(StoreWeek.visitors),
            recent(StoreWeek.orders),
            recent(StoreWeek.gmv),
            func.coalesce(func.sum(StoreWeek.gmv).filter(~is_recent), zero),
        )
        .join(Store, Store.id == StoreWeek.store_id)
        .where(
            Store.category == bindparam("category"),
            StoreWeek.week >= bindparam("before_from"),
            StoreWeek.week < bindparam("this_week"),
        )
        .group_by(StoreWeek.store_id)
    )


def peer_benchmarks(store: Store, today: date) -> PeerBenchmarks | None:
    if not store.category:
        return None
    this_week = week_of(today)
    rows = (
        db.session.connection()
        .execute(  # Core: see business.py's statements
            _peers_statement(),
            {
                "category": store.category,
                "recent_from": this_week - timedelta(weeks=WEEKS),
                "before_from": this_week - timedelta(weeks=2 * WEEKS),
                "this_week": this_week,
            },
        )
        .all()
    )
    figures = {store_id: _figures(*rest) for store_id, *rest in rows}
    mine = figures.pop(store.id, {})
    sold = [f for f in figures.values() if f.get("sold")]
    return PeerBenchmarks(
        store.category,
        len(sold),
        tuple(
            Benchmark(
                code,
                LABELS[code],
                "money" if code == "aov" else "percent",
                mine.get(code),
                _spread([f[code] for f in sold if f.get(code) is not None]),
            )
            for code in ("conversion", "aov", "growth")
        ),
    )


def _figures(visitors, orders, gmv, gmv_before) -> dict[str, float | bool]:
    gmv, gmv_before = Decimal(gmv), Decimal(gmv_before)
    found: dict[str, float | bool] = {"sold": gmv > 0}
    if visitors:
        found["conversion"] = int(orders) / int(visitors) * 100
    if orders:
        found["aov"] = float(gmv / int(orders))
    if gmv_before > 0:
        found["growth"] = float((gmv - gmv_before) / gmv_before * 100)
    return found


def _spread(values: list[float]) -> Spread | None:
    if len(values) < MIN_PEERS:
        return None
    lower, median, upper = quantiles(values, n=4, method="inclusive")
    return Spread(lower, median, upper, len(values))
