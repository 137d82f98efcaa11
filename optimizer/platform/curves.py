"""The platform plan's exact response curves on arrays of rates (numpy alone: the exact path
imports this without the decomposition's compiled kernels)."""

import numpy as np

from .validation import PlatformRequest


def objective_per_rate(request: PlatformRequest, spend: np.ndarray) -> np.ndarray:
    """Each rate's objective (revenue or conversions) at ``spend``, on the exact curves."""
    conversions = request.clicks_per_spend * request.cvr * spend
    conversions = conversions * saturation(request.half_spend, spend)
    return conversions * request.aov if request.objective == "revenue" else conversions


def objective_of(request: PlatformRequest):
    """``objective_per_rate`` for many plans of one request: its factors per rate computed
    once (the master values every plan it holds, and recomputing them was half of that)."""
    conversions_per_spend = request.clicks_per_spend * request.cvr
    per_spend = conversions_per_spend * request.aov if request.objective == "revenue" else None
    half_spend = request.half_spend

    def objective(spend: np.ndarray) -> np.ndarray:
        if per_spend is None:
            return conversions_per_spend * spend * saturation(half_spend, spend)
        return per_spend * spend * saturation(half_spend, spend)

    return objective


def floors_broken(request: PlatformRequest, spend: np.ndarray) -> np.ndarray:
    """Per merchant: whether ``spend`` earns less than its floor (beyond rounding)."""
    merchants = len(request.merchant_ids)
    revenue = request.clicks_per_spend * request.cvr * request.aov * spend
    revenue = revenue * saturation(request.half_spend, spend)
    revenue = np.bincount(request.rate_merchant, weights=revenue, minlength=merchants)
    total = np.bincount(request.rate_merchant, weights=spend, minlength=merchants)
    return revenue < np.nan_to_num(request.min_roas, nan=0.0) * total * (1 - 1e-12)


def saturation(half_spend: np.ndarray, spend: np.ndarray) -> np.ndarray:
    """h / (h + s), 1 where linear."""
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(half_spend), half_spend / (half_spend + spend), 1.0)
