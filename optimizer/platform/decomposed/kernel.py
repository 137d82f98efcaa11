"""The merchants' step compiled (numba): one pass over each merchant's few rates at a time.

``dual`` explains the mathematics; this module runs it merchant by merchant in
machine code, because each merchant's Newton and Illinois iterations touch only its own
dozens of rates, and whole-array numpy passes would repeat every step over all of them.
For merchant m with rates k in [start_m, end_m):

    spend_k(λ, μ) = h'_k (√(A_k / c_k) - 1)₊,   A_k = a_k (w_k + μ),   c_k = cost_k + λ + μ rho
    bound_m       = λ' B + Σ_saturated h_k (√A_k - √c'_k)₊²

(h' is the linear rates' stand-in half spend; λ' raises λ until no linear term pays.)
"""

import math

import numpy as np
from numba import njit

NEWTON_STEPS = 100
ROOT_STEPS = 100
SPEND_TOLERANCE = 1e-10  # relative, on a merchant's total spend
ROOT_TOLERANCE = 1e-9  # relative, on a floor's multiplier and on the floor's margin
FLOOR_TOLERANCE = 1e-12  # a floor counts as kept within this share of its revenue


@njit(cache=True, fastmath=False)
def _total_spend(k0, k1, strength, fixed, half, lam):
    total, slope = 0.0, 0.0
    for k in range(k0, k1):
        price = fixed[k] + lam
        if price <= 0.0:
            price = 1e-300
        root = math.sqrt(strength[k] / price)
        if root > 1.0:
            total += half[k] * (root - 1.0)
            slope += half[k] * root / (2.0 * price)
    return total, slope


@njit(cache=True)
def _budget_price(k0, k1, strength, fixed, half, budget, start):
    """λ where total spend meets the budget (0 if it never reaches it), by Newton's method:
    total spend is convex and decreasing in λ, so from below it climbs without overshooting
    and one step from above lands below."""
    lowest = 0.0
    for k in range(k0, k1):
        bound = strength[k] / (1.0 + budget / half[k]) ** 2 - fixed[k]
        lowest = max(lowest, bound)
    lam = max(lowest, start)
    for _ in range(NEWTON_STEPS):
        total, slope = _total_spend(k0, k1, strength, fixed, half, lam)
        over = total - budget
        if over > SPEND_TOLERANCE * budget:
            lam += over / slope
        elif over < -SPEND_TOLERANCE * budget and lam > lowest:
            lam = max(lam + over / slope, lowest) if slope > 0.0 else lowest
        else:
            break
    return lam


@njit(cache=True)
def _spends(k0, k1, strength, fixed, half, lam, out):
    for k in range(k0, k1):
        price = fixed[k] + lam
        if price <= 0.0:
            price = 1e-300
        root = math.sqrt(strength[k] / price)
        out[k] = half[k] * (root - 1.0) if root > 1.0 else 0.0


@njit(cache=True)
def _floor_margin(k0, k1, rate, exact_half, floor, spend):
    """Revenue above the floor relative to the floor's revenue (ROAS / floor - 1): relative,
    not in budgets, since a merchant whose budget is far above what its curves can use spends
    a tiny part of it, and a tolerance in budgets would accept any margin at all."""
    revenue, total = 0.0, 0.0
    for k in range(k0, k1):
        revenue += _revenue(rate[k], exact_half[k], spend[k])
        total += spend[k]
    required = floor * total
    return (revenue - required) / max(required, 1e-300)


@njit(cache=True)
def _prepare(k0, k1, rate, weight, cost, floor, mu, strength, fixed):
    for k in range(k0, k1):
        strength[k] = rate[k] * (weight[k] + mu)
        fixed[k] = cost[k] + mu * floor


@njit(cache=True)
def _margin_at(k0, k1, rate, weight, cost, half, exact_half, budget, floor, mu, lam_start,
               strength, fixed, spend):  # fmt: skip
    _prepare(k0, k1, rate, weight, cost, floor, mu, strength, fixed)
    lam = _budget_price(k0, k1, strength, fixed, half, budget, lam_start)
    _spends(k0, k1, strength, fixed, half, lam, spend)
    return _floor_margin(k0, k1, rate, exact_half, floor, spend), lam


@njit(cache=True)
def longest_merchant(starts):
    """The most rates any one merchant has: the size of the per-merchant scratch arrays."""
    longest = 0
    for m in range(len(starts) - 1):
        longest = max(longest, starts[m + 1] - starts[m])
    return longest


@njit(cache=True, nogil=True)
def solve_merchants(starts, placement, rate, weight, units, half, exact_half, budget, floor,
                    prices, lam_start, mu_start, spend, lam_out, mu_out):  # fmt: skip
    """Every merchant's spends at ``prices`` (written into ``spend``), its λ and μ (into
    ``lam_out``, ``mu_out``); returns the merchants' part of the bound and units sold per
    placement. ``units`` is per placement. Each merchant is solved on views of its own rates
    with scratch arrays as long as the longest merchant's: nothing per rate is allocated."""
    longest = longest_merchant(starts)
    cost = np.empty(longest)
    strength = np.empty(longest)
    fixed = np.empty(longest)
    bound = 0.0
    sold = np.zeros(len(prices))
    for m in range(len(budget)):
        k0, k1 = starts[m], starts[m + 1]
        if k0 == k1:
            lam_out[m], mu_out[m] = 0.0, 0.0
            continue
        n = k1 - k0
        for i in range(n):
            p = placement[k0 + i]
            cost[i] = prices[p] * units[p]
        r, w, h, exact = rate[k0:k1], weight[k0:k1], half[k0:k1], exact_half[k0:k1]
        out = spend[k0:k1]
        rho, cap = floor[m], budget[m]
        margin, lam = _margin_at(0, n, r, w, cost, h, exact, cap, rho, 0.0, lam_start[m],
                                 strength, fixed, out)  # fmt: skip
        unfloored = lam
        mu = 0.0
        hopeless = False
        if rho > 0.0 and margin < -FLOOR_TOLERANCE:
            # a saturated rate returns less than its first unit on every later one, a linear
            # rate exactly as much: one whose return equals the floor keeps it at any spend
            best_saturated, best_linear = 0.0, -1.0
            for k in range(n):
                if math.isfinite(exact[k]):
                    best_saturated = max(best_saturated, r[k])
                else:
                    best_linear = max(best_linear, r[k])
            if best_saturated <= rho and best_linear < rho:
                hopeless = True
            else:
                mu, lam = _hold_floor(0, n, r, w, cost, h, exact, cap, rho, margin, mu_start[m],
                                      strength, fixed, out)  # fmt: skip
        if hopeless:
            for k in range(n):
                out[k] = 0.0
            lam_out[m], mu_out[m] = 0.0, 0.0
            continue
        lam_out[m], mu_out[m] = lam, mu
        # Any lambda, mu >= 0 bound the merchant's value, so the smaller of two bounds is one
        # too: the floor's own mu, and mu = 0 (the floor relaxed away), far tighter where the
        # mu that holds the floor makes a linear rate pay and lambda x budget closes it.
        part = _merchant_bound(0, n, r, w, cost, exact, cap, rho, lam, mu, strength, fixed)
        if mu > 0.0:
            part = min(part, _merchant_bound(0, n, r, w, cost, exact, cap, rho, unfloored, 0.0,
                                             strength, fixed))  # fmt: skip
        for k in range(k0, k1):
            p = placement[k]
            sold[p] += spend[k] * units[p]
        bound += part
    return bound, sold


@njit(cache=True)
def _merchant_bound(k0, k1, rate, weight, cost, exact_half, cap, rho, lam, mu, strength, fixed):
    """lambda x budget + the saturated terms h (sqrt(A) - sqrt(c))^2 where positive, linear
    terms closed by raising lambda."""
    _prepare(k0, k1, rate, weight, cost, rho, mu, strength, fixed)
    raised = lam
    for k in range(k0, k1):
        if not math.isfinite(exact_half[k]):
            raised = max(raised, strength[k] - fixed[k])
    part = raised * cap
    for k in range(k0, k1):
        if math.isfinite(exact_half[k]):
            gain = math.sqrt(strength[k]) - math.sqrt(max(fixed[k] + raised, 0.0))
            if gain > 0.0:
                part += exact_half[k] * gain * gain
    return part


@njit(cache=True)
def _hold_floor(k0, k1, rate, weight, cost, half, exact_half, cap, rho, low_margin, mu_start,
                strength, fixed, spend):  # fmt: skip
    """The smallest μ whose spends meet the floor (the margin grows with μ), by the Illinois
    method in a bracket grown from the last prices' μ; spends are left at that μ."""
    low = 0.0
    high = mu_start if mu_start > 0.0 else 1.0
    high_margin, lam = _margin_at(k0, k1, rate, weight, cost, half, exact_half, cap, rho, high,
                                  0.0, strength, fixed, spend)  # fmt: skip
    steps = 0
    while high_margin < 0.0 and steps < 200:
        low, low_margin = high, high_margin
        high *= 4.0
        high_margin, lam = _margin_at(k0, k1, rate, weight, cost, half, exact_half, cap, rho,
                                      high, 0.0, strength, fixed, spend)  # fmt: skip
        steps += 1
    side = 0
    for _ in range(ROOT_STEPS):
        if high - low <= ROOT_TOLERANCE * high or high_margin <= ROOT_TOLERANCE:
            break
        guess = high - high_margin * (high - low) / (high_margin - low_margin)
        if not (low < guess < high):
            guess = 0.5 * (low + high)
        margin, _ = _margin_at(k0, k1, rate, weight, cost, half, exact_half, cap, rho, guess,
                               0.0, strength, fixed, spend)  # fmt: skip
        if margin >= 0.0:
            high, high_margin = guess, margin
            if side > 0:
                low_margin *= 0.5
            side = 1
        else:
            low, low_margin = guess, margin
            if side < 0:
                high_margin *= 0.5
            side = -1
    _, lam = _margin_at(k0, k1, rate, weight, cost, half, exact_half, cap, rho, high, 0.0,
                        strength, fixed, spend)  # fmt: skip
    return high, lam


@njit(cache=True, nogil=True)
def recover(starts, placement, rate, weight, exact_half, floor, budget, spend, scale, out):
    """The spends brought under capacity (each placement's scaled by ``scale``; a merchant
    whose floor that breaks scaled as a whole by its smallest factor) into ``out``; returns
    their objective on the exact curves."""
    value = 0.0
    for m in range(len(budget)):
        k0, k1 = starts[m], starts[m + 1]
        smallest = 1.0
        for k in range(k0, k1):
            factor = scale[placement[k]]
            smallest = min(smallest, factor)
            out[k] = spend[k] * factor
        margin = _floor_margin(k0, k1, rate, exact_half, floor[m], out)
        if floor[m] > 0.0 and margin < -FLOOR_TOLERANCE:
            for k in range(k0, k1):
                out[k] = spend[k] * smallest
        for k in range(k0, k1):
            value += weight[k] * _revenue(rate[k], exact_half[k], out[k])
    return value


@njit(cache=True)
def _revenue(rate, half, spend):
    if math.isfinite(half):
        return rate * spend * half / (half + spend)
    return rate * spend
