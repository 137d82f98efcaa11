"""The exact optimum of a budget-only plan, in closed form (water-filling).

With only the budget and each placement's spend bounds, maximising value x clicks - cost x
spend is a separable concave programme. Its optimality (KKT) conditions say: one price
lambda for the budget, and every placement spends where its marginal return equals lambda,
or sits at a bound the marginal cannot reach. For saturation the marginal is
a h^2 / (h + s)^2 - c, so

    s(lambda) = clip(h (sqrt(a / (lambda + c)) - 1), low, high)

and a linear placement is at its upper bound when a - c > lambda, at its lower one when
a - c < lambda, anywhere between when equal. Total spend S(lambda) falls as lambda grows;
the price is the one where S meets the budget. S bends only where a placement reaches a bound
(its "kinks"), so a binary search over the sorted kinks finds the interval, and inside it
the interior placements give lambda in closed form: no approximation, no iteration to a
tolerance. Many budgets (a frontier) are solved at once, one column each.
"""

from dataclasses import dataclass

import numpy as np


@dataclass
class Waterfill:
    spends: np.ndarray  # placements x budgets
    price: np.ndarray  # per budget: d(objective)/d(budget), lambda (0 when not binding)
    solved: np.ndarray  # per budget: False where the bounds conflict with the budget


def waterfill(
    value: np.ndarray,
    half: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    cost: float,
    budgets: np.ndarray,
    spend_all: bool,
) -> Waterfill:
    """``value``: objective per unit spend at zero spend (a); ``half``: inf for linear.
    ``lower``/``upper`` are per placement, or placements x budgets (a column per case: the
    whole-slot choices are cases with those spends fixed)."""
    budgets = np.atleast_1d(np.asarray(budgets, float))
    k = len(budgets)
    value, half = value[:, None], half[:, None]
    lower = np.broadcast_to(lower if np.ndim(lower) == 2 else lower[:, None], (len(value), k))
    upper = np.broadcast_to(upper if np.ndim(upper) == 2 else upper[:, None], (len(value), k))
    saturating = np.isfinite(half)
    margin = value - cost
    low_margin = np.where(saturating, _marginal(value, half, lower, cost), margin)
    high_margin = np.where(saturating, _marginal(value, half, upper, cost), margin)
    kinks = np.unique(np.concatenate([low_margin.ravel(), high_margin.ravel()]))
    floor = -np.inf if spend_all else 0.0
    grid = np.concatenate([[floor], kinks[kinks > floor]])

    def spends_at(price: np.ndarray, columns) -> np.ndarray:
        """Spends at ``price`` (one entry per column); linear ties at their lower bound."""
        u = price[None, :] + cost
        with np.errstate(divide="ignore", invalid="ignore"):
            inner = half * (np.sqrt(value / u) - 1.0)
        inner = np.where(u > 0, inner, np.inf)
        low, high = lower[:, columns], upper[:, columns]
        sat = np.clip(inner, low, high)
        lin = np.where(margin > price[None, :], high, low)
        return np.where(saturating, sat, lin)

    everything = np.arange(k)
    at_floor = spends_at(np.full(k, floor), everything)
    total_floor = at_floor.sum(axis=0)
    tight = 1e-12 * np.maximum(budgets, 1.0)
    solved = lower.sum(axis=0) <= budgets + tight
    price = np.zeros(k)
    spends = np.zeros((len(value), k))
    # Budgets the bounds absorb without a price: the budget is not binding.
    idle = total_floor <= budgets + tight
    if spend_all:  # every upper bound together cannot take the budget: left to the general
        # path, which explains it; exactly taking it is a plan (every placement at its maximum)
        solved &= ~idle | (total_floor >= budgets - tight)
    spends[:, idle] = at_floor[:, idle]

    search = np.flatnonzero(~idle & solved)
    if len(search):
        chosen = budgets[search]
        left = np.zeros(len(chosen), int)  # S(grid[left]) > budget
        right = np.full(len(chosen), len(grid))  # S(grid[right]) <= budget (grid[end] = +inf)
        while np.any(right - left > 1):
            middle = (left + right) // 2
            probe = np.minimum(middle, len(grid) - 1)
            above = spends_at(grid[probe], search).sum(axis=0) > chosen
            active = right - left > 1
            left = np.where(active & above, middle, left)
            right = np.where(active & ~above, middle, right)
        spends[:, search], price[search] = _inside(
            grid, left, chosen, value, half, lower[:, search], upper[:, search], cost, margin,
            lambda p: spends_at(p, search),
        )  # fmt: skip
    return Waterfill(spends, price, solved)


def _inside(grid, left, budgets, value, half, lower, upper, cost, margin, spends_at):
    """The price and spends once the budget's interval (grid[left], grid[left + 1]] is known."""
    saturating = np.isfinite(half)
    low_end = grid[left]
    high_end = np.where(left + 1 < len(grid), grid[np.minimum(left + 1, len(grid) - 1)], np.inf)
    at_kink = spends_at(np.where(np.isfinite(high_end), high_end, low_end))
    ties = ~saturating & (margin == high_end[None, :])
    room = np.where(ties, upper - lower, 0.0)
    on_kink = np.isfinite(high_end) & (at_kink.sum(axis=0) + room.sum(axis=0) >= budgets)

    # On the kink: linear placements whose return equals the price take what is left, in order.
    remainder = budgets - at_kink.sum(axis=0)
    # room taken by the ties before each one (not cumsum - room: an unbounded tie is inf - inf)
    before = np.vstack([np.zeros((1, room.shape[1])), np.cumsum(room, 0)[:-1]])
    filled = np.minimum(room, np.maximum(remainder[None, :] - before, 0.0))
    kink_spends = at_kink + filled

    # Inside the interval: placements between their bounds share the rest at one price.
    low_margin = _marginal(value, half, lower, cost)
    high_margin = _marginal(value, half, upper, cost)
    interior = saturating & (high_margin <= low_end[None, :]) & (low_margin >= high_end[None, :])
    fixed_high = np.where(saturating, high_margin >= high_end[None, :], margin >= high_end)
    fixed = np.where(interior, 0.0, np.where(fixed_high, upper, lower))
    weight = np.where(interior, half * np.sqrt(value), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (budgets - fixed.sum(axis=0) + np.where(interior, half, 0.0).sum(axis=0)) / (
            weight.sum(axis=0)
        )
        interior_price = 1.0 / (t * t) - cost
        inner = half * (np.sqrt(value) * t[None, :] - 1.0)
    inner_spends = np.where(interior, np.clip(inner, lower, upper), fixed)

    spends = np.where(on_kink[None, :], kink_spends, inner_spends)
    price = np.where(on_kink, high_end, np.clip(interior_price, low_end, high_end))
    return spends, price


def _marginal(value, half, spend, cost):
    with np.errstate(invalid="ignore", divide="ignore"):
        return value * half * half / (half + spend) ** 2 - cost
