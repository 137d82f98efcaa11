"""The platform plan: every merchant's budget over the placements' shared inventory.

Two methods, one answer shape:
- ``exact``: linear rates only. The linear programme is assembled as sparse arrays and solved
  by sifting (``exact.sifting``): HiGHS's simplex on a few rates per merchant, every rate
  priced with its duals, the paying ones added, until none pays. Its capacity duals are the
  prices; the bound is recomputed from the duals, so it holds whatever HiGHS's tolerances.
- ``decomposed``: any rates, saturated or linear, at any size: the capacity prices coordinate
  merchants whose own problems are solved in closed form (``decomposed.prices``), in process
  or on Ray. The bound is the Lagrangian dual at the reported prices, so anyone can check it.
``auto`` takes ``exact`` for linear requests up to EXACT_MAX_RATES rates, else ``decomposed``.
Every figure is computed from the spends on the exact curves.
"""

import dataclasses
import time
from dataclasses import dataclass

import numpy as np

from ..errors import InvalidRequest, Problem, SolverFailed
from ..solvers.highs import INFEASIBLE, OPTIMAL
from .curves import objective_per_rate, saturation
from .exact.sifting import solve_exact
from .model import build_arrays, build_pulp
from .sample import sample_of
from .validation import PlatformRequest

METHODS = ("auto", "exact", "decomposed")
ENGINES = ("local", "ray")
EXACT_MAX_RATES = 2_000_000
CHORD_MAX_RATES = 100_000  # where the price search leaves a gap, chords close it up to this size
DEFAULT_GAP = 1e-3
# a millionth of a unit of money (or of a conversion): a bound above the plan by less is
# the solver's rounding, whatever share of a bound near 0 it makes
NOTHING_APART = 1e-6
POSITIVE = 1e-7  # spend below this (a fraction of a cent) is solver noise, not an allocation


@dataclass
class PlatformResult:
    status: str
    request: PlatformRequest
    objective_value: float | None = None
    spend: np.ndarray | None = None  # per column
    capacity_prices: np.ndarray | None = None  # per placement
    diagnosis: tuple[str, ...] = ()
    bound: float | None = None
    method: str = "exact"
    engine: str = "local"
    seconds: float = 0.0
    price_iterations: int = 0
    master_rounds: int = 0
    seconds_per_iteration: float = 0.0

    @property
    def gap(self) -> float | None:
        if self.bound is None or self.objective_value is None:
            return None
        apart = self.bound - self.objective_value
        if apart <= NOTHING_APART:  # a plan worth 0 under a bound of 1.07e-10 is not 10.7% off
            return 0.0
        return apart / max(abs(self.bound), 1e-9)

    def figures(self, total: float | None = None) -> dict[str, np.ndarray]:
        """Per rate, on the exact curves: spend, units, clicks, conversions, revenue.
        ``total``: the whole plan's objective, where this result is a slice of it."""
        request = self.request
        spend = _without_noise(request, np.maximum(self.spend, 0.0), total)
        clicks = spend * request.clicks_per_spend * saturation(request.half_spend, spend)
        conversions = clicks * request.cvr
        return {
            "spend": spend,
            "units": spend * request.units_per_spend,
            "clicks": clicks,
            "conversions": conversions,
            "revenue": conversions * request.aov,
        }

    def summary(self) -> dict:
        """Everything but the rows: what the JSON says besides allocations and totals.

        Figures are not rounded (here nor in the rows): rounded to a fixed number of decimals,
        a small budget's or a cheap placement's rows broke their budget or capacity by more
        than 1e-6 relative, and small objectives lost the digits the gap is checked on."""
        request = self.request
        return {
            "status": self.status,
            "objective": request.objective,
            "objective_value": float(self.objective_value),
            "bound": float(self.bound),
            "gap": float(self.gap),
            "method": self.method,
            "engine": self.engine,
            "price_iterations": self.price_iterations,
            "master_rounds": self.master_rounds,
            "seconds_per_iteration": round(self.seconds_per_iteration, 4),
            "seconds": round(self.seconds, 3),
            "placement_prices": {
                placement_id: float(price) + 0.0
                for placement_id, price in zip(
                    request.placement_ids, self.capacity_prices, strict=True
                )
            },
            "diagnosis": [],
        }

    def to_json(self) -> dict:
        request = self.request
        if self.status != OPTIMAL:
            return {
                "status": self.status,
                "objective": request.objective,
                "objective_value": None,
                "allocations": [],
                "merchant_totals": [],
                "placement_prices": {},
                "diagnosis": list(self.diagnosis),
            }
        figures = self.figures()
        spend = figures["spend"]
        positive = np.flatnonzero(spend)
        merchant_ids = np.array(request.merchant_ids, dtype=object)
        placement_ids = np.array(request.placement_ids, dtype=object)
        columns = {
            "merchant": merchant_ids[request.rate_merchant[positive]].tolist(),
            "placement": placement_ids[request.rate_placement[positive]].tolist(),
        }
        columns.update({name: v[positive].tolist() for name, v in figures.items()})
        allocations = [
            dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)
        ]

        merchants = len(request.merchant_ids)
        totals = {
            name: np.bincount(request.rate_merchant, weights=figures[name], minlength=merchants)
            for name in ("spend", "clicks", "conversions", "revenue")
        }
        with np.errstate(invalid="ignore", divide="ignore"):
            totals["roas"] = np.where(totals["spend"] > 0, totals["revenue"] / totals["spend"], 0.0)
        total_columns = {"merchant": request.merchant_ids}
        total_columns.update({name: v.tolist() for name, v in totals.items()})
        merchant_totals = [
            dict(zip(total_columns, row, strict=True))
            for row in zip(*total_columns.values(), strict=True)
        ]
        return {
            **self.summary(),
            "allocations": allocations,
            "merchant_totals": merchant_totals,
        }


def platform_plan(
    request: PlatformRequest,
    solver: str = "highs",
    write_lp: str | None = None,
    method: str = "auto",
    engine: str = "local",
    gap: float = DEFAULT_GAP,
    workers: int | None = None,
) -> PlatformResult:
    started = time.perf_counter()
    if method == "auto":
        small = len(request.rate_merchant) <= EXACT_MAX_RATES
        method = "exact" if small and not request.saturated and engine == "local" else "decomposed"
    if method == "exact" and request.saturated:
        raise InvalidRequest([Problem("--method", "exact_linear_only")])
    if write_lp:
        if request.saturated:
            raise InvalidRequest([Problem("--write-lp", "lp_linear_only")])
        from ..solvers.modelling import write_lp as write_lp_file

        write_lp_file(build_pulp(request), write_lp)
    if method == "exact":
        result = _solve_with_pulp(request, solver) if solver == "cbc" else _exact(request)
    else:
        result = _decomposed(request, engine, gap, workers)
    if result.status == OPTIMAL:
        # the objective is the rows' own: noise dropped first, as the rows drop it
        result.spend = _without_noise(request, _within_budgets(request, result.spend))
        result.objective_value = float(objective_per_rate(request, result.spend).sum())
    result.seconds = time.perf_counter() - started
    return result


def _exact(request: PlatformRequest, guess: bool = True) -> PlatformResult:
    arrays = build_arrays(request)
    sample = sample_of(request) if guess and len(arrays.capped) else None
    prices = None
    if sample is not None:
        # a sample's prices pick each merchant's first rates: at 20,000 merchants the first
        # restricted programme then holds nearly the optimum's rates (4 s in all, not 16)
        sampled = _exact(sample, guess=False)
        if sampled.status == OPTIMAL:
            prices = sampled.capacity_prices[arrays.capped]
    # a spend is at most its merchant's budget: implied by the budget row, but given to
    # HiGHS as a column bound it solved 20,000 x 5 rates in 1.7 s instead of 11 s
    upper = request.budget[request.rate_merchant]
    found = solve_exact(arrays, request.rate_merchant, upper=upper, prices=prices)
    solution = found.solution
    if solution.status != OPTIMAL:
        return _infeasible(request)
    prices = np.zeros(len(request.placement_ids))
    prices[arrays.capped] = np.maximum(solution.row_duals[arrays.capacity_rows], 0.0)
    return PlatformResult(
        OPTIMAL, request, solution.objective_value, solution.primal, prices,
        bound=found.bound, master_rounds=found.rounds,
    )  # fmt: skip


def _decomposed(request, engine_name, gap, workers) -> PlatformResult:
    # numba and scipy.optimize load here, not for the exact path
    from .decomposed.local_engine import LocalEngine, threads_for
    from .decomposed.prices import decompose

    if engine_name == "ray":
        from .decomposed.ray_engine import RayEngine

        engine = RayEngine(request, workers)
    else:
        engine = LocalEngine(request, threads_for(len(request.rate_merchant)))
    try:
        found = decompose(request, engine, gap)
        if _still_open(found, gap) and len(request.rate_merchant) <= CHORD_MAX_RATES:
            found = _closed_on_chords(request, engine, found)
    finally:
        engine.close()
    return PlatformResult(
        OPTIMAL, request, found.value, found.spend, found.prices, bound=found.bound,
        method="decomposed", engine=engine_name, price_iterations=found.evaluations,
        master_rounds=found.master_rounds, seconds_per_iteration=found.seconds_per_evaluation,
    )  # fmt: skip


def _still_open(found, gap: float) -> bool:
    return found.bound - found.value > gap * abs(found.bound)


def _closed_on_chords(request: PlatformRequest, engine, found):
    """The chord programme's plan and prices (``exact.chords``), each kept if better: the
    price search stalls where linear rates meet floors and budgets far past the inventory."""
    from .exact.chords import solve_on_chords

    try:
        answer = solve_on_chords(request)
    except SolverFailed:  # the chords only improve on a plan that stands: it stays
        answer = None
    if answer is None:
        return found
    spend, prices = answer
    spend = _within_budgets(request, spend)
    value = float(objective_per_rate(request, spend).sum())
    capped = np.isfinite(request.capacity)
    bound = float(prices[capped] @ request.capacity[capped] + engine.tight_bound(prices))
    if value > found.value:
        found = dataclasses.replace(found, value=value, spend=spend)
    if bound < found.bound:
        found = dataclasses.replace(found, bound=bound, prices=prices)
    return found


def _without_noise(request: PlatformRequest, spend: np.ndarray,
                   total: float | None = None) -> np.ndarray:  # fmt: skip
    """Spends below POSITIVE are dropped when worth less than 1e-12 of the objective, except
    for a merchant whose floor that would break: on a cheap placement such a spend still buys
    clicks that hold the floor. Worth is asked too: 5e-8 of spend on clicks at 1e-4 with
    orders of 1e6 earned all of a plan's 500, and its rows said nothing was bought.
    ``total``: the whole plan's objective, where ``request`` holds some of its merchants."""
    value = objective_per_rate(request, spend)
    total = float(value.sum()) if total is None else total
    negligible = value <= 1e-12 * abs(total)
    kept = np.where((spend > POSITIVE) | ~negligible, spend, 0.0)
    if not (kept < spend).any():
        return kept
    merchants = len(request.merchant_ids)
    revenue = kept * request.clicks_per_spend * saturation(request.half_spend, kept)
    revenue = np.bincount(
        request.rate_merchant, weights=revenue * request.cvr * request.aov, minlength=merchants
    )
    total = np.bincount(request.rate_merchant, weights=kept, minlength=merchants)
    floor = np.nan_to_num(request.min_roas, nan=0.0) * total
    broken = revenue < floor * (1 - 1e-12)
    return np.where(broken[request.rate_merchant], spend, kept)


def _within_budgets(request: PlatformRequest, spend: np.ndarray) -> np.ndarray:
    """Solver tolerances can leave a merchant a hair over its budget; scaled back as a whole
    (which keeps its floor: the responses are concave through zero)."""
    spend = np.maximum(spend, 0.0)
    total = np.bincount(request.rate_merchant, weights=spend, minlength=len(request.budget))
    over = total > request.budget
    if over.any():
        factor = np.where(over, request.budget / np.maximum(total, 1e-300), 1.0)
        spend = spend * factor[request.rate_merchant]
    return spend


def _solve_with_pulp(request: PlatformRequest, solver: str) -> PlatformResult:
    from ..solvers.modelling import solve  # PuLP: --solver cbc only

    problem = build_pulp(request)
    if solve(problem, solver) != OPTIMAL:
        return _infeasible(request)
    variables = {v.name: v.varValue or 0.0 for v in problem.variables()}
    spend = np.array(
        [
            variables.get(f"spend_{m}_{p}", 0.0)
            for m, p in zip(request.rate_merchant, request.rate_placement, strict=True)
        ]
    )
    arrays = build_arrays(request)
    prices = np.zeros(len(request.placement_ids))
    constraints = problem.constraints()
    for index, p in zip(
        range(arrays.capacity_rows.start, arrays.capacity_rows.stop), arrays.capped, strict=True
    ):
        prices[p] = constraints[index].pi or 0.0
    value = float(arrays.cost @ spend)
    return PlatformResult(OPTIMAL, request, value, spend, prices, bound=value)


def _infeasible(request: PlatformRequest) -> PlatformResult:
    # Every constraint of the platform plan holds at zero spend, so this means the solver
    # met numerical trouble, not a conflict in the request.
    return PlatformResult(
        INFEASIBLE,
        request,
        diagnosis=(
            "The solver could not find a plan, although spending nothing meets every "
            "constraint; the request's numbers are likely too far apart in scale.",
        ),
    )


__all__ = ["ENGINES", "METHODS", "PlatformResult", "platform_plan"]
