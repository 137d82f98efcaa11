from collections import defaultdict

from sqlalchemy import select

from ...extensions import db
from ..models import PerformanceRecord


def weeks_by_store(store_ids: list[int], placement_ids: list[int] | None = None) -> dict:
    """(store id, placement id) -> [(spend, conversions), …] by week, for a page of stores in
    one statement."""
    if not store_ids:
        return {}
    query = select(
        PerformanceRecord.store_id,
        PerformanceRecord.placement_id,
        PerformanceRecord.spend,
        PerformanceRecord.conversions,
    ).where(PerformanceRecord.store_id.in_(store_ids))
    if placement_ids is not None:
        query = query.where(PerformanceRecord.placement_id.in_(placement_ids))
    found = defaultdict(list)
    for store_id, placement_id, spend, conversions in db.session.execute(
        query.order_by(PerformanceRecord.week)
    ):
        found[(store_id, placement_id)].append((spend, conversions))
    return found


def store_charts(fit, store_id: int) -> list:
    """A store's curves in a fit, drawn small for its plan page: (placement id, chart), in
    three statements whatever the number of placements."""
    from .chart import draw
    from .models import FittedCurve, FittedPlacement

    if fit is None:
        return []
    own = list(
        db.session.scalars(
            select(FittedCurve).where(
                FittedCurve.fit_id == fit.id, FittedCurve.store_id == store_id
            )
        )
    )
    if not own:
        return []
    pooled = {
        p.placement_id: p
        for p in db.session.scalars(select(FittedPlacement).where(FittedPlacement.fit_id == fit.id))
    }
    weeks = weeks_by_store([store_id])
    charts = []
    for curve in own:
        shared = pooled.get(curve.placement_id)
        carry = shared.carryover if shared is not None else 0.0
        seen = weeks.get((store_id, curve.placement_id), [])
        charts.append((curve.placement_id, draw(curve, carry, seen, shared, 240, 140)))
    return charts
