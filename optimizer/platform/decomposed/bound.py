"""Each merchant's share of the Lagrangian bound at its smallest: minimised over the floor's μ.

The merchants' step (``kernel``) bounds a merchant at the μ that holds its floor on
the smooth stand-in of its linear rates, or at μ = 0. Both are bounds, and with saturated
rates alone the first is the smallest; with linear rates and a floor neither need be, and
the gap then stays open however good the plan (seen with budgets far past the inventory).
This finds the smallest: for given μ the term

    φ(λ, μ) = λ·budget + Σ_saturated h (√A - √c)₊²,   λ ≥ λ_lin(μ) = max_linear (A - c₀)

is convex in λ with slope budget - (saturated spend), so its minimum is at max(λ_lin, λ_sat),
λ_sat where the saturated spend meets the budget (Newton's method from below, as in the
kernel). D(μ) = min_λ φ is convex in μ (a partial minimum of a jointly convex function), so a
golden-section search over a bracket that doubles until D rises finds its minimum. Any μ
gives a bound, so the smallest value seen is kept. It costs about a hundred of the kernel's
passes per such merchant: it runs where the gap is not yet proven, not at every iteration.
"""

import math

import numpy as np
from numba import njit

from .kernel import _merchant_bound, _prepare, longest_merchant

GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0
GOLDEN_STEPS = 62  # 0.618⁶² ≈ 1e-13 of the first bracket: past it D no longer changes
DOUBLINGS = 80
NEWTON_STEPS = 100


@njit(cache=True)
def _at(k0, k1, rate, weight, cost, exact_half, budget, floor, mu, strength, fixed):
    """D(μ): the merchant's term at μ with the best λ."""
    _prepare(k0, k1, rate, weight, cost, floor, mu, strength, fixed)
    lam = 0.0
    for k in range(k0, k1):
        if not math.isfinite(exact_half[k]):
            lam = max(lam, strength[k] - fixed[k])
        else:  # at the λ where this rate alone would spend the budget: below the root
            lam = max(lam, strength[k] / (1.0 + budget / exact_half[k]) ** 2 - fixed[k])
    for _ in range(NEWTON_STEPS):  # saturated spend is convex and decreasing in λ
        total, slope = 0.0, 0.0
        for k in range(k0, k1):
            if math.isfinite(exact_half[k]):
                price = max(fixed[k] + lam, 1e-300)
                root = math.sqrt(strength[k] / price)
                if root > 1.0:
                    total += exact_half[k] * (root - 1.0)
                    slope += exact_half[k] * root / (2.0 * price)
        over = total - budget
        if over <= 1e-12 * budget or slope <= 0.0:
            break
        lam += over / slope
    return _merchant_bound(k0, k1, rate, weight, cost, exact_half, budget, floor, lam, mu,
                           strength, fixed)  # fmt: skip


@njit(cache=True)
def _smallest(k0, k1, rate, weight, cost, exact_half, budget, floor, hint, strength, fixed):
    best = _at(k0, k1, rate, weight, cost, exact_half, budget, floor, 0.0, strength, fixed)
    high = max(2.0 * hint, 1.0)
    previous = best
    for _ in range(DOUBLINGS):
        value = _at(k0, k1, rate, weight, cost, exact_half, budget, floor, high, strength, fixed)
        best = min(best, value)
        if value >= previous:
            break
        previous = value
        high *= 2.0
    low = 0.0
    left = high - GOLDEN * (high - low)
    right = low + GOLDEN * (high - low)
    at_left = _at(k0, k1, rate, weight, cost, exact_half, budget, floor, left, strength, fixed)
    at_right = _at(k0, k1, rate, weight, cost, exact_half, budget, floor, right, strength, fixed)
    for _ in range(GOLDEN_STEPS):
        if at_left <= at_right:
            high, right, at_right = right, left, at_left
            left = high - GOLDEN * (high - low)
            at_left = _at(k0, k1, rate, weight, cost, exact_half, budget, floor, left,
                          strength, fixed)  # fmt: skip
        else:
            low, left, at_left = left, right, at_right
            right = low + GOLDEN * (high - low)
            at_right = _at(k0, k1, rate, weight, cost, exact_half, budget, floor, right,
                           strength, fixed)  # fmt: skip
        best = min(best, at_left, at_right)
    return best


@njit(cache=True, nogil=True)
def tight_bound(starts, placement, rate, weight, units, exact_half, budget, floor, prices,
                mu_hint):  # fmt: skip
    """The merchants' part of the bound at ``prices``, each merchant's term at its smallest
    (``mu_hint``: the kernel's μ at these prices, where the search starts); ``units`` is per
    placement, each merchant solved on views of its own rates (as in ``kernel``)."""
    longest = longest_merchant(starts)
    cost = np.empty(longest)
    strength = np.empty(longest)
    fixed = np.empty(longest)
    bound = 0.0
    for m in range(len(budget)):
        k0, k1 = starts[m], starts[m + 1]
        if k0 == k1:
            continue
        n = k1 - k0
        for i in range(n):
            p = placement[k0 + i]
            cost[i] = prices[p] * units[p]
        r, w, exact = rate[k0:k1], weight[k0:k1], exact_half[k0:k1]
        linear = False
        for k in range(n):
            linear = linear or not math.isfinite(exact[k])
        # with saturated rates alone the kernel's μ holds the floor and is the smallest,
        # unless it is 0: then the floor did not bind, or could not be met at all (every
        # return below it), where the term falls towards 0 as μ grows
        if floor[m] > 0.0 and (linear or mu_hint[m] == 0.0):
            bound += _smallest(0, n, r, w, cost, exact, budget[m], floor[m], mu_hint[m],
                               strength, fixed)  # fmt: skip
        else:
            bound += _at(0, n, r, w, cost, exact, budget[m], floor[m], mu_hint[m], strength,
                         fixed)  # fmt: skip
    return bound
