"""What results taught: observed totals per store and placement, and the rates learned from them.

The one place the portal reads results into the optimizer's learning model; re-planning one
store and the platform run both go through it.
"""

from sqlalchemy import func, select

from optimizer.single.learning import (
    Observed,
    PlacementEstimates,
    posterior_means,
    update_placement,
)

from ..extensions import db
from .models import PerformanceRecord, Placement


def observed_results(store_id: int | None = None) -> dict[tuple[int, int], Observed]:
    """Summed results by (store id, placement id), for one store or every store (one query)."""
    query = select(
        PerformanceRecord.store_id,
        PerformanceRecord.placement_id,
        func.sum(PerformanceRecord.spend),
        func.sum(PerformanceRecord.impressions),
        func.sum(PerformanceRecord.clicks),
        func.sum(PerformanceRecord.conversions),
        func.sum(PerformanceRecord.revenue),
    ).group_by(PerformanceRecord.store_id, PerformanceRecord.placement_id)
    if store_id is not None:
        query = query.where(PerformanceRecord.store_id == store_id)
    rows = db.session.execute(query)
    return {
        (store, placement): Observed(
            float(spend or 0),
            float(impressions or 0),
            float(clicks or 0),
            float(conversions or 0),
            float(revenue or 0),
        )
        for store, placement, spend, impressions, clicks, conversions, revenue in rows
    }


def learned(placement: Placement, observed: Observed) -> PlacementEstimates:
    """The placement's prior updated with what came back."""
    return update_placement(
        placement.prior_ctr,
        placement.prior_cvr,
        float(placement.prior_aov),
        placement.prior_strength,
        observed,
    )


def learned_means(placement: Placement, observed: Observed) -> dict[str, float]:
    """``learned(placement, observed).rates()``, the means alone: cheap enough for every store
    of a platform run."""
    return posterior_means(
        placement.prior_ctr,
        placement.prior_cvr,
        float(placement.prior_aov),
        placement.prior_strength,
        observed,
    )
