"""The dual's curvature at the last prices solved: how the units sold answer the prices.

A warm start lands close to the new optimum, where Newton's method converges in a few steps
while L-BFGS-B, which starts with no curvature at all, spends its first steps learning it.
With prices in units of return on spend (y_p = π_p · units per unit of spend, as the price
search holds them), a merchant's saturated spend s = h (√(A/c) - 1) with c = y + λ + μ·floor
moves as ds/dc = -(s + h) / (2c) =: -d. Where the merchant's budget binds, λ moves so that
the total spend stays at the budget: dλ = -Σ d_k dy_k / Σ d_k. So the merchant's part of the
dual's Hessian (over the placements, in y) is diag(d) - d dᵀ / Σ d, and the whole Hessian is
their sum: a matrix per placement pair, summed by each worker over its own merchants. The
floor's μ is held where it is (its coupling is left out): this only steers the steps; every
bound and plan is still computed at the prices the steps reach.
"""

import numpy as np
from numba import njit


@njit(cache=True)
def _curvature(starts, placement, units, half, spend, prices, budget_price, floor_price,
               floor, hessian):  # fmt: skip
    count = len(prices)
    weights = np.zeros(count)
    for m in range(len(starts) - 1):
        k0, k1 = starts[m], starts[m + 1]
        lam, shift = budget_price[m], floor_price[m] * floor[m]
        total = 0.0
        for k in range(k0, k1):
            if spend[k] > 0.0:
                p = placement[k]
                c = prices[p] * units[p] + lam + shift
                if c > 0.0:
                    d = (spend[k] + half[k]) / (2.0 * c)
                    weights[p] = d
                    hessian[p, p] += d
                    total += d
        if lam > 0.0 and total > 0.0:  # the budget binds: λ takes up what the prices move
            for k in range(k0, k1):
                p = placement[k]
                if spend[k] > 0.0 and weights[p] > 0.0:
                    for j in range(k0, k1):
                        q = placement[j]
                        if spend[j] > 0.0 and weights[q] > 0.0:
                            hessian[p, q] -= weights[p] * weights[q] / total
        for k in range(k0, k1):
            weights[placement[k]] = 0.0


def shard_curvature(shard, prices: np.ndarray) -> np.ndarray:
    """The Hessian of the shard's part of the dual at ``prices`` (those its last solve
    answered), in return-on-spend units, as a placements x placements matrix."""
    count = len(prices)
    hessian = np.zeros((count, count))
    if shard.spend is None:
        return hessian
    _curvature(shard._starts, shard.placement, shard.units, shard._half, shard.spend,
               np.asarray(prices, float), shard.budget_price, shard.floor_price,
               shard.min_roas, hessian)  # fmt: skip
    return hessian
