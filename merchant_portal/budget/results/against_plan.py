"""Planned against actual over the plan's own period: the weeks of the period that have
results, against what the plan expected of those weeks. A plan made today for December is
not held against November's results."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ...extensions import db
from ...i18n import _
from ..models import BudgetPlan, PerformanceRecord, Placement


@dataclass(frozen=True)
class AgainstPlan:
    rows: list[tuple[str, float, float]]  # (placement name, planned revenue, actual revenue)
    weeks_with_results: int | None  # None: the plan has no period, every result is counted
    first_week: date | None = None
    last_week: date | None = None


def against_plan(plan: BudgetPlan, placements: list[Placement]) -> AgainstPlan:
    base = select(PerformanceRecord.placement_id, func.sum(PerformanceRecord.revenue)).where(
        PerformanceRecord.store_id == plan.store_id
    )
    weeks = first = last = None
    if plan.period_start is not None and plan.weeks:
        in_period = PerformanceRecord.week.between(plan.period_start, plan.period_end)
        base = base.where(in_period)
        weeks, first, last = db.session.execute(
            select(
                func.count(func.distinct(PerformanceRecord.week)),
                func.min(PerformanceRecord.week),
                func.max(PerformanceRecord.week),
            ).where(PerformanceRecord.store_id == plan.store_id, in_period)
        ).one()
    actual = {
        placement_id: float(revenue or 0)
        for placement_id, revenue in db.session.execute(
            base.group_by(PerformanceRecord.placement_id)
        )
    }
    planned = {a["id"]: float(a.get("revenue") or 0) for a in plan.result["allocations"]}
    times = weeks if weeks is not None else 1  # allocations are per week
    rows = [
        # a placement without a row spent nothing (section 5's rule), which "actual 0" alone
        # did not say: it read as a result recorded as zero
        (
            p.label if p.id in actual else _("%(placement)s (no results)", placement=p.label),
            planned.get(p.code, 0.0) * times,
            actual.get(p.id, 0.0),
        )
        for p in placements
        if p.code in planned or p.id in actual
    ]
    return AgainstPlan(rows, weeks, first, last)
