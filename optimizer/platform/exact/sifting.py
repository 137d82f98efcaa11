"""The exact platform programme by sifting: HiGHS on the few rates that can matter.

A vertex of the platform LP has at most one positive spend per binding row, so at the optimum
a merchant spends on one or two placements of its thirty-odd, yet HiGHS run on the whole
programme spends most of its time on columns that end at zero. Sifting (column generation
over the rates) solves the programme on a few rates per merchant, prices every rate with
that solution's duals, adds each merchant's best-paying rates, and solves again from the
last basis, until no rate pays. Then the restricted optimum is the whole programme's
optimum: its duals are feasible for every column, which is LP optimality. Every restricted
programme is feasible (spending nothing is) and bounded (by the budgets), so a round never
fails for want of columns, and each round adds a column not seen before, so it ends.

The bound is not taken on trust from the solver's tolerances: the duals' signs are made
valid and each merchant's budget price is raised until none of its rates pays, which makes
them a Lagrangian certificate for the whole programme whatever the last reduced costs were.

Measured at 3,000 merchants x 50 placements (99,632 rates): 5 rounds on about 14,000 rates,
0.55 s in all, against 3.4 s for HiGHS's interior point (the fastest of its algorithms there)
on the whole programme.
"""

import dataclasses
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ...errors import SolverFailed
from ...solvers.highs import OPTIMAL, LinearProgram, Solution, solve_lp_racing
from ..model import PlatformArrays

FIRST = 2  # rates per merchant to start from: its most valuable ones
ADDED = 2  # rates per merchant and round: those whose reduced cost is highest
ROUNDS = 60  # past this many rounds the whole programme is solved instead
# A reduced cost above this share of the rate's own cost pays. Relative to each rate's cost,
# not the largest: a cent-budget merchant worth 1e9 a unit once made every other merchant's
# paying rates look like noise (40% gap), and costs of 1e-7 (conversions) never paid at all.
PAYS = 1e-9
# rates in the first restricted programme from which dual simplex and interior point race
# for it (with crossover: the basis is what the next rounds start from); below, simplex alone
# answers before a second process starts
RACE_FROM = 20_000
RESOLVE = {"solver": "simplex", "simplex_strategy": 4}  # primal simplex


@dataclass
class Exact:
    solution: Solution  # primal over every rate; duals per row
    bound: float
    rounds: int
    columns: int  # rates in the last restricted programme


def solve_exact(
    arrays: PlatformArrays,
    merchant: np.ndarray,
    upper: np.ndarray | None = None,
    prices: np.ndarray | None = None,
    first: int = FIRST,
    added: int = ADDED,
) -> Exact:
    """The optimum of the platform programme; ``merchant`` is each column's merchant,
    ``upper`` each column's largest value (none: unbounded spends), ``prices`` a guess at
    the capacity rows' duals (each merchant then starts from its best rates at them).

    A row whose entries are far from 1 reaches HiGHS divided by its largest: a capacity row
    then counts spend, a floor row returns over the best rate's. As given, a cpc price of
    1e10 made capacity entries of 1e-10, which HiGHS drops as zeros (the inventory was sold
    100 times over), and a floor of 1e6 beside impressions at 1e-4 worth 1e12 made entries
    past 1e15, which it refuses to load. Costs whose largest is below 1 are raised to it:
    conversions worth 1e-13 a unit of spend were all under HiGHS's tolerances (a plan of
    nothing). Everything returned is in the programme's own units."""
    scale = _row_scale(arrays.matrix)
    largest = float(np.abs(arrays.cost).max(initial=0.0))
    value = 1.0 / largest if 0.0 < largest < 1.0 else 1.0  # tiny costs: HiGHS's tolerances
    scaled = dataclasses.replace(
        arrays, cost=arrays.cost * value,
        matrix=sparse.csc_matrix(sparse.diags(scale) @ arrays.matrix),
        row_lower=arrays.row_lower * scale, row_upper=arrays.row_upper * scale,
    )  # fmt: skip
    if prices is not None:  # the guess in the scaled programme's units
        prices = prices * value / scale[arrays.capacity_rows]
    found = _solve(scaled, merchant, upper, prices, first, added)
    solution = found.solution
    if solution.status == OPTIMAL:
        found.bound /= value
        found.solution = dataclasses.replace(
            solution, objective_value=solution.objective_value / value,
            row_duals=solution.row_duals * scale / value,
            row_activity=solution.row_activity / scale, col_duals=solution.col_duals / value,
        )  # fmt: skip
    return found


def _row_scale(matrix: sparse.csc_matrix) -> np.ndarray:
    """For a row whose largest entry is outside [1e-6, 1e6], 1 / the geometric mean of its
    largest and smallest entries (a capacity row's are all one, which the row then counts
    in spend); else 1. Centred, not brought to a largest of 1: a floor row spanning 1e11 to
    0.47 then lost its 0.47s, below HiGHS's 1e-9, and the plan broke the floor. Rows HiGHS
    takes well are left as they are: its own scaling then also lifts tiny costs above its
    tolerances (rows of ones left costs of 1e-10 looking like zeros)."""
    magnitude = abs(sparse.csr_matrix(matrix))
    largest = magnitude.max(axis=1).toarray().ravel()
    magnitude.data = np.divide(1.0, magnitude.data, out=np.zeros_like(magnitude.data),
                               where=magnitude.data > 0)  # fmt: skip
    inverse = magnitude.max(axis=1).toarray().ravel()  # 1 / the smallest nonzero entry
    odd = (largest > 0) & ((largest < 1e-6) | (largest > 1e6))
    middle = np.sqrt(largest / np.where(odd, inverse, 1.0))
    return np.where(odd, 1.0 / np.where(odd, middle, 1.0), 1.0)


def _solve(arrays, merchant, upper, prices, first, added) -> Exact:
    cost, matrix = arrays.cost, arrays.matrix
    count = matrix.shape[1]
    upper = np.full(count, np.inf) if upper is None else upper
    transposed = matrix.T.tocsr()  # reduced costs for every rate in one product a round
    tolerance = PAYS * np.abs(cost)
    chosen = _best_per_merchant(cost, merchant, first)
    if prices is not None:
        duals = np.zeros(matrix.shape[0])
        duals[arrays.capacity_rows] = prices
        guess = _best_per_merchant(cost - transposed @ duals, merchant, first)
        chosen = np.union1d(_best_per_merchant(cost, merchant, 1), guess)
    if not len(chosen) or len(chosen) * 2 >= count:  # restricting would save nothing
        return _whole(arrays, merchant, transposed, upper)
    program = LinearProgram(
        cost[chosen], matrix[:, chosen], arrays.row_lower, arrays.row_upper,
        np.zeros(len(chosen)), upper[chosen], sense="max", options={"solver": "simplex"},
    )  # fmt: skip
    taken = np.zeros(count, dtype=bool)
    taken[chosen] = True
    for rounds in range(1, ROUNDS + 1):
        try:
            if rounds > 1:
                solution = program.solve()
            elif len(chosen) >= RACE_FROM:
                solution, _ = program.solve_racing()
            else:
                solution = program.solve()
        except SolverFailed:  # e.g. "Unbounded" on a bounded programme: the whole one then
            break
        if solution.status != OPTIMAL:
            break
        reduced = cost - transposed @ solution.row_duals
        paying = ~taken & (reduced > tolerance)
        if not paying.any():
            primal = np.zeros(count)
            primal[chosen] = solution.primal
            whole = Solution(
                OPTIMAL, solution.objective_value, primal, solution.row_activity,
                solution.row_duals, reduced, solution.iterations,
            )  # fmt: skip
            return Exact(whole, certified_bound(arrays, merchant, transposed, whole), rounds,
                         len(chosen))  # fmt: skip
        new = _best_per_merchant(np.where(paying, reduced, -np.inf), merchant, added)
        program.add_columns(cost[new], np.zeros(len(new)), upper[new], matrix[:, new])
        # new columns leave the basis primal feasible: primal simplex goes on from it, where
        # dual simplex would start from its phase one (measured three times as long)
        program.set_options(RESOLVE)
        taken[new] = True
        chosen = np.concatenate([chosen, new])
    return _whole(arrays, merchant, transposed, upper)


def certified_bound(arrays, merchant, transposed, solution: Solution) -> float:
    """An upper bound on the optimum from ``solution``'s duals, valid for any duals: budget
    and capacity prices at least 0, floor prices at most 0 (HiGHS's signs when maximising),
    then each merchant's budget price raised until none of its rates pays."""
    duals = solution.row_duals.copy()
    merchants = len(arrays.row_upper) - len(arrays.floored) - len(arrays.capped)
    floors = slice(merchants, merchants + len(arrays.floored))
    duals[:merchants] = np.maximum(duals[:merchants], 0.0)
    duals[floors] = np.minimum(duals[floors], 0.0)
    duals[arrays.capacity_rows] = np.maximum(duals[arrays.capacity_rows], 0.0)
    reduced = arrays.cost - transposed @ duals
    lift = np.zeros(merchants)
    np.maximum.at(lift, merchant, reduced)
    duals[:merchants] += lift
    upper = arrays.row_upper
    budget_part = duals[:merchants] @ upper[:merchants]
    capacity_part = duals[arrays.capacity_rows] @ upper[arrays.capacity_rows]
    return float(budget_part + capacity_part)  # floors' bound is 0


def _whole(arrays, merchant, transposed, upper) -> Exact:
    """The whole programme at once, dual simplex and interior point racing."""
    count = arrays.matrix.shape[1]
    solution, _ = solve_lp_racing(
        arrays.cost, arrays.matrix, arrays.row_lower, arrays.row_upper,
        np.zeros(count), upper, sense="max",
    )  # fmt: skip
    if solution.status != OPTIMAL:
        return Exact(solution, float("nan"), 0, count)
    return Exact(solution, certified_bound(arrays, merchant, transposed, solution), 0, count)


def _best_per_merchant(score: np.ndarray, merchant: np.ndarray, count: int) -> np.ndarray:
    """Each merchant's ``count`` columns of highest positive ``score``."""
    order = np.lexsort((-score, merchant))
    grouped = merchant[order]
    rank = np.arange(len(order)) - np.searchsorted(grouped, grouped)
    ranked = order[rank < count]
    return np.sort(ranked[score[ranked] > 0])
