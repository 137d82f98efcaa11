"""The platform plan by decomposition over merchants, coordinated by the placements' prices.

The dual function L(π) = Σ_p π_p·capacity_p + Σ_m best_m(π) (``dual``) is an upper
bound on the optimum for every π ≥ 0 (weak duality), it is convex, and its gradient is
capacity - units sold at π. It is minimised over the capped placements' prices by L-BFGS-B
(bounded quasi-Newton: with saturating responses L is smooth, and L-BFGS-B converges on
smooth convex functions; linear rates are made smooth by their stand-in, see
``dual``). Every evaluation also recovers a feasible plan: each placement's spends
are scaled down to its capacity, which keeps every budget and, because each response is
concave through zero, every ROAS floor. The run stops as soon as the best plan is within the
asked gap of the best bound: that gap is proven, whatever the method did to get there.

Prices travel in units of the spend they cost (π_p · units per unit of money, so every price
is of the order of a return on spend), which keeps the quasi-Newton steps well scaled.
"""

import contextlib
import time
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from ...errors import SolverFailed
from ..curves import floors_broken, objective_of, objective_per_rate
from ..sample import sample_of
from ..validation import PlatformRequest
from .local_engine import LocalEngine
from .master import ROUNDS, Master
from .threads import one_blas_thread

MAX_EVALUATIONS = 400
# Up to this many rates, plans found on the way are kept for Dantzig-Wolfe rounds in case the
# price search alone stops short of the gap (linear rates tied at a sold-out placement).
MASTER_RATES = 3_000_000
# three, not six: once the search has settled the last plans are alike, and the master's
# first solve (from scratch) took 0.44 s on six of them at 3,000 merchants x 50, 0.15 on three,
# closing the gap in the same two rounds
KEPT_PLANS = 3
SETTLED = 10  # evaluations over which the bound must have stopped moving (``_settled``)


class GapReached(Exception):
    pass


class BoundSettled(Exception):
    """The bound has stopped moving: what is left of the gap is the plan's (see ``_settled``)."""


@dataclass
class Decomposed:
    bound: float
    value: float
    prices: np.ndarray  # per placement, per unit (click or impression): the bound's prices
    spend: np.ndarray  # per rate, in request order
    evaluations: int
    master_rounds: int
    seconds_per_evaluation: float = 0.0


def decompose(
    request: PlatformRequest,
    engine,
    gap: float,
    start: np.ndarray | None = None,
    master: bool = True,
    warm: bool = True,
    prices_only: bool = False,
) -> Decomposed:
    """Minimise the dual over the capped placements' prices until the recovered plan is within
    ``gap`` of the bound. ``engine`` runs the merchants' step (``LocalEngine``/``RayEngine``).
    ``prices_only``: only the bound's prices are wanted (a first guess), so the search stops
    as soon as the bound settles."""
    capped = np.flatnonzero(np.isfinite(request.capacity))
    capacity = request.capacity[capped]
    per_spend = (np.where(request.cpm, 1000.0, 1.0) / request.price)[capped]
    placements = len(request.placement_ids)
    best = {"bound": np.inf, "value": -np.inf, "bound_prices": None, "value_at": None,
            "plan": None}  # fmt: skip
    evaluations = [0]
    bounds: list[float] = []  # the best bound after each evaluation
    values: list[float] = []  # and the best plan's value
    # only linear rates make the search stall short of the gap (see ``_settled``): with every
    # rate saturated the plans follow the prices smoothly and the search closes it, where the
    # master would be dear (45 s at 20,000 merchants x 2/3 of 50 placements, against 20 more
    # evaluations)
    linear = not np.isfinite(request.half_spend).all()
    keep_plans = master and engine.rates <= MASTER_RATES
    kept: list[np.ndarray] = []

    def full_prices(y: np.ndarray) -> np.ndarray:
        prices = np.zeros(placements)
        prices[capped] = y / per_spend
        return prices

    def dual(y: np.ndarray):
        evaluations[0] += 1
        if evaluations[0] == 2:  # the first one also pays for warming the workers up
            marks.append(time.perf_counter())
        prices = full_prices(np.maximum(y, 0.0))
        merchants_bound, units = engine.solve(prices)
        bound = float(prices[capped] @ capacity + merchants_bound)
        sold = units[capped]
        scale = _under_capacity(units, request.capacity)
        value = engine.value(scale)
        if keep_plans:
            kept[:] = [*kept[-(KEPT_PLANS - 1) :], engine.spend(None)]
        if bound < best["bound"]:
            best["bound"], best["bound_prices"] = bound, prices
        if value > best["value"]:
            best["value"], best["value_at"] = value, (prices, scale)
            # kept as it is now: solved again later, from other multipliers, the merchants
            # may answer a little differently (and the scale would no longer fit)
            best["plan"] = engine.spend(scale) if keep_plans else None
        if best["bound"] - best["value"] <= gap * 0.9 * abs(best["bound"]):
            raise GapReached
        bounds.append(best["bound"])
        values.append(best["value"])
        if (prices_only or (keep_plans and linear)) and _settled(bounds, values, gap):
            raise BoundSettled
        return bound, (capacity - sold) / per_spend

    if warm and start is None and len(capped) and (sample := sample_of(request)) is not None:
        # measured at 3,000 merchants: 42 iterations in all instead of 75
        start = decompose(
            sample, LocalEngine(sample), gap, master=False, warm=False, prices_only=True
        ).prices
    y0 = np.zeros(len(capped)) if start is None else start[capped] * per_spend
    marks = [time.perf_counter()]  # the time per price iteration counts this market's only
    with contextlib.suppress(GapReached, BoundSettled), one_blas_thread():
        if len(capped):
            minimize(
                dual, y0, jac=True, method="L-BFGS-B",
                bounds=[(0.0, None)] * len(capped),
                options={"maxfun": MAX_EVALUATIONS, "maxiter": MAX_EVALUATIONS,
                         "ftol": 1e-15, "gtol": 1e-13},
            )  # fmt: skip
        else:
            dual(np.zeros(0))
    counted = evaluations[0] - (len(marks) - 1)
    seconds = (time.perf_counter() - marks[-1]) / max(counted, 1)
    prices, _ = best["value_at"]
    spend = best["plan"]
    if spend is None:
        # Solved again at the best plan's prices, the merchants start from the multipliers
        # of the last evaluation, not of that one, and may answer a little differently: the
        # scale that brings their answer under capacity is taken from this answer.
        _, units = engine.solve(prices)
        spend = engine.spend(_under_capacity(units, request.capacity))
    else:
        engine.solve(prices)  # the warm starts of the rounds below
    rounds = 0
    if not prices_only and best["bound"] - best["value"] > gap * 0.9 * abs(best["bound"]):
        for candidate in (best["bound_prices"], prices):
            _tighten(request, engine, best, candidate)
    if keep_plans and best["bound"] - best["value"] > gap * 0.9 * abs(best["bound"]):
        spend, rounds = _dantzig_wolfe(request, engine, gap, best, [*kept, spend], spend)
    return Decomposed(
        best["bound"], best["value"], best["bound_prices"], spend, evaluations[0], rounds, seconds
    )


def _settled(bounds: list[float], values: list[float], gap: float) -> bool:
    """True once the best bound has moved less than a tenth of the asked gap over the last
    SETTLED evaluations while the best plan is still more than half the gap short of it, and
    at its pace over them would not get there in as many more (or, over 3 x SETTLED, at all).

    The price search then only chases the plan: with linear rates the merchants' answers jump
    between placements at the prices where they tie, and scaling them under capacity stays
    short of the gap however long the search goes on (3,000 merchants x 50 placements, a
    quarter of the rates linear: 80 more evaluations at 0.3% without closing it), where the
    master's mix of the plans kept closes it in a round or two. A plan near the gap or closing
    in is left to the search: the master is dear (2 s from scratch on 3,000 merchants x 2/3 of
    50 placements, all saturated, where the 6 evaluations that closed the gap took 0.1 s)."""
    for span, near in ((SETTLED, 0.5), (3 * SETTLED, 0.0)):
        if len(bounds) <= span:
            return False
        scale = gap * abs(bounds[-1])
        if bounds[-span - 1] - bounds[-1] > 0.1 * scale:
            continue
        left = bounds[-1] - values[-1] - 0.9 * scale
        if left > max(values[-1] - values[-span - 1], near * scale):
            return True
    return False


def _under_capacity(units: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Per placement, the factor that brings the units sold under capacity (a hair under, so
    that the plan keeps it after rounding too); 1 where capacity is not reached."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(units > capacity, capacity / units * (1 - 1e-9), 1.0)


def _tighten(request, engine, best, prices) -> None:
    """The bound at ``prices`` with every merchant's term at its smallest over its floor's
    multiplier (``bound``): dearer than an iteration, so only where the gap is open."""
    capped = np.isfinite(request.capacity)
    bound = float(prices[capped] @ request.capacity[capped] + engine.tight_bound(prices))
    if bound < best["bound"]:
        best["bound"], best["bound_prices"] = bound, prices


def _dantzig_wolfe(request, engine, gap, best, plans, spend):
    """Master rounds until the mix of the merchants' plans is within ``gap`` of the bound."""
    master = Master(request, objective_of(request))
    master.add(plans)
    capped = master.capped
    for rounds in range(1, ROUNDS + 1):
        answer = master.solve()
        if answer is None:
            return spend, rounds
        mix, prices = answer
        sold = np.bincount(request.rate_placement, weights=mix * request.units_per_spend,
                           minlength=len(request.placement_ids))[capped]  # fmt: skip
        over = sold > request.capacity[capped]
        if over.any():  # the master's own tolerance: a hair back under capacity
            scale = np.ones(len(request.placement_ids))
            scale[capped[over]] = request.capacity[capped[over]] / sold[over] * (1 - 1e-9)
            mix = _scaled_keeping_floors(request, mix, scale)
        value = float(objective_per_rate(request, mix).sum())
        if value > best["value"]:
            best["value"], spend = value, mix
        merchants_bound, _ = engine.solve(prices)
        bound = float(prices[capped] @ request.capacity[capped] + merchants_bound)
        if bound < best["bound"]:
            best["bound"], best["bound_prices"] = bound, prices
        if best["bound"] - best["value"] > gap * 0.9 * abs(best["bound"]):
            _tighten(request, engine, best, prices)
        if best["bound"] - best["value"] <= gap * 0.9 * abs(best["bound"]):
            break
        try:
            master.add([engine.spend(None)])
        except SolverFailed:  # a column HiGHS cannot take: the best plan so far stands
            break
    return spend, rounds


def _scaled_keeping_floors(request, spend: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Each placement's spends times ``scale``; a merchant whose floor that breaks is scaled
    as a whole by its smallest factor (concave responses through zero keep the floor). Per
    placement alone, a mix holding a hair of a placement of capacity 0 worth 5e5 a unit of
    spend lost it and kept its spend on one worth 8e-5, under a floor of 5.2."""
    factor = scale[request.rate_placement]
    scaled = spend * factor
    broken = floors_broken(request, scaled)
    if broken.any():
        smallest = np.ones(len(request.merchant_ids))
        np.minimum.at(smallest, request.rate_merchant, factor)
        whole = spend * smallest[request.rate_merchant]
        scaled = np.where(broken[request.rate_merchant], whole, scaled)
    return scaled
