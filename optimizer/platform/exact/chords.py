"""The platform plan on fine chords of every curve: a linear programme whose duals are prices.

Where the price search cannot prove the gap (linear rates beside saturated ones, under
floors, with budgets far past the inventory), the market's own linear programme on chords
gives both halves of an answer. Its plan is feasible for the real problem: chords lie under
each concave curve, so the real revenue is at least the chord revenue and every floor holds;
budgets and capacities are linear in spend. Its capacity duals are near the real problem's
prices, and the real Lagrangian at them (each merchant's term at its smallest) is a bound.
A curve k·h·s/(h + s) is cut at spends evenly spaced in its revenue, up to the merchant's
budget; the programme is solved by sifting, so only the chords near each merchant's optimum
reach HiGHS.
"""

import numpy as np

from ...solvers.highs import OPTIMAL
from ..model import assemble
from ..validation import PlatformRequest
from .sifting import solve_exact

PIECES = 64  # per saturated rate: within about 0.01% of the curve's value
ADDED = 8  # chords per merchant and round of sifting: a curve's optimum lies pieces deep


def solve_on_chords(request: PlatformRequest) -> tuple[np.ndarray, np.ndarray] | None:
    """Spend per rate and capacity price per placement of the chord programme's optimum."""
    arrays, upper, rate_of = _chord_programme(request)
    found = solve_exact(arrays, request.rate_merchant[rate_of], upper=upper, added=ADDED)
    if found.solution.status != OPTIMAL:
        return None
    solution = found.solution
    spend = np.bincount(rate_of, weights=np.minimum(solution.primal, upper),
                        minlength=len(request.rate_merchant))  # fmt: skip
    prices = np.zeros(len(request.placement_ids))
    prices[arrays.capped] = np.maximum(solution.row_duals[arrays.capacity_rows], 0.0)
    return spend, prices


def _chord_programme(request: PlatformRequest):
    per_spend = request.clicks_per_spend * request.cvr * request.aov  # revenue, unsaturated
    weight = 1.0 / request.aov if request.objective == "conversions" else 1.0
    # Chords reach the budget, which holds them anyway: a bound of the chords' own that a
    # capacity also implies would take the dual that belongs to the capacity (seen when one
    # merchant's budget can buy a placement's whole inventory). Evenly spaced in revenue,
    # they are dense where spend is small against the half spend and the curve bends.
    reach = request.budget[request.rate_merchant]
    half = request.half_spend
    saturated = np.isfinite(half)
    pieces = np.where(saturated, PIECES, 1)
    rate_of = np.repeat(np.arange(len(half)), pieces)
    step = np.arange(len(rate_of)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    # saturated: u = s / (h + s) evenly spaced up to the reach, s = h·u / (1 - u)
    h, top = half[rate_of], reach[rate_of]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(saturated[rate_of], top / (h + top), 1.0) / pieces[rate_of]
        start = _spend_at(h, step * share)
        end = np.where(saturated[rate_of], _spend_at(h, (step + 1) * share), top)
        gained = _revenue(h, end) - _revenue(h, start)
        slope = per_spend[rate_of] * np.where(end > start, gained / (end - start), 1.0)
    length = np.where(saturated[rate_of], np.maximum(end - start, 0.0), np.inf)
    value = slope * (weight if np.isscalar(weight) else weight[rate_of])

    arrays = assemble(
        request, request.rate_merchant[rate_of], request.rate_placement[rate_of], value, slope,
        request.units_per_spend[rate_of],
    )  # fmt: skip
    return arrays, length, rate_of


def _spend_at(half, share):
    return np.where(np.isfinite(half), half * share / (1.0 - share), 0.0)


def _revenue(half, spend):
    """h·s / (h + s) per unit of unsaturated revenue rate; s itself where linear."""
    return np.where(np.isfinite(half), half * spend / (half + spend), spend)
