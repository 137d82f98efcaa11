"""The platform plan: every merchant's budget over the placements' shared inventory.

The path from request to answer is built for size: validated arrays, a sparse matrix handed
to HiGHS without a Python object per term, and results computed on whole arrays. HiGHS solves
large instances with its interior-point method and crossover (a vertex, so capacity prices are
proper duals); small ones with the simplex method.
"""

from dataclasses import dataclass

import highspy
import numpy as np

from .platform_model import build_arrays, build_pulp, value_per_spend
from .platform_validation import PlatformRequest
from .solver import INFEASIBLE, OPTIMAL, HighsModel, new_highs, run, solve

INTERIOR_POINT_FROM = 20_000  # columns; below this the simplex method is quicker
POSITIVE = 1e-7  # spend below this (a fraction of a cent) is solver noise, not an allocation


@dataclass
class PlatformResult:
    status: str
    request: PlatformRequest
    objective_value: float | None = None
    spend: np.ndarray | None = None  # per column
    capacity_prices: np.ndarray | None = None  # per placement
    diagnosis: tuple[str, ...] = ()

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
        spend = np.where(self.spend > POSITIVE, self.spend, 0.0)
        conversions_rate, revenue_rate = value_per_spend(request)
        figures = {
            "spend": spend,
            "units": spend * request.units_per_spend,
            "clicks": spend * request.clicks_per_spend,
            "conversions": spend * conversions_rate,
            "revenue": spend * revenue_rate,
        }
        positive = np.flatnonzero(spend)
        merchant_ids = np.array(request.merchant_ids, dtype=object)
        placement_ids = np.array(request.placement_ids, dtype=object)
        columns = {
            "merchant": merchant_ids[request.rate_merchant[positive]].tolist(),
            "placement": placement_ids[request.rate_placement[positive]].tolist(),
        }
        columns.update({name: np.round(v[positive], 6).tolist() for name, v in figures.items()})
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
        total_columns.update({name: np.round(v, 6).tolist() for name, v in totals.items()})
        merchant_totals = [
            dict(zip(total_columns, row, strict=True))
            for row in zip(*total_columns.values(), strict=True)
        ]
        return {
            "status": OPTIMAL,
            "objective": request.objective,
            "objective_value": round(float(self.objective_value), 6),
            "allocations": allocations,
            "merchant_totals": merchant_totals,
            "placement_prices": {
                placement_id: round(float(price), 9) + 0.0
                for placement_id, price in zip(
                    request.placement_ids, self.capacity_prices, strict=True
                )
            },
            "diagnosis": [],
        }


def platform_plan(
    request: PlatformRequest, solver: str = "highs", write_lp: str | None = None
) -> PlatformResult:
    if write_lp:
        build_pulp(request).writeLP(write_lp)
    if solver == "cbc":
        return _solve_with_pulp(request, solver)
    arrays = build_arrays(request)
    highs = new_highs()
    if arrays.matrix.shape[1] >= INTERIOR_POINT_FROM:
        highs.setOptionValue("solver", "ipm")
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = arrays.matrix.shape[1], arrays.matrix.shape[0]
    lp.col_cost_ = arrays.cost
    lp.col_lower_ = np.zeros(lp.num_col_)
    lp.col_upper_ = np.full(lp.num_col_, highspy.kHighsInf)
    lp.row_lower_ = np.where(np.isinf(arrays.row_lower), -highspy.kHighsInf, arrays.row_lower)
    lp.row_upper_ = np.where(np.isinf(arrays.row_upper), highspy.kHighsInf, arrays.row_upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = arrays.matrix.indptr
    lp.a_matrix_.index_ = arrays.matrix.indices
    lp.a_matrix_.value_ = arrays.matrix.data
    lp.sense_ = highspy.ObjSense.kMaximize
    highs.passModel(lp)
    if run(highs) != OPTIMAL:
        return _infeasible(request)
    solution = highs.getSolution()
    prices = np.zeros(len(request.placement_ids))
    prices[arrays.capped] = np.asarray(solution.row_dual)[arrays.capacity_rows]
    return PlatformResult(
        OPTIMAL,
        request,
        objective_value=highs.getInfo().objective_function_value,
        spend=np.asarray(solution.col_value),
        capacity_prices=prices,
    )


def _solve_with_pulp(request: PlatformRequest, solver: str) -> PlatformResult:
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
    return PlatformResult(OPTIMAL, request, float(arrays.cost @ spend), spend, prices)


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


__all__ = ["HighsModel", "PlatformResult", "platform_plan"]
