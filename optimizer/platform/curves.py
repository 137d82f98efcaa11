"""The platform plan's exact response curves on arrays of rates (numpy alone: the exact path
imports this without the decomposition's compiled kernels)."""

import numpy as np

from .validation import PlatformRequest


def objective_per_rate(request: PlatformRequest, spend: np.ndarray) -> np.ndarray:
    """Each rate's objective (revenue or conversions) at ``spend``, on the exact curves."""
    conversions = request.clicks_per_spend * request.cvr * spend
    conversions = conversions * saturation(request.half_spend, spend)
    return conversions * request.aov if request.objective == "revenue" else conversions


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
