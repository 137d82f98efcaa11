"""Dantzig-Wolfe rounds: a HiGHS master over the merchants' own plans, priced by capacity.

Each merchant's plans found so far (its answers at the prices tried) are columns of a master
linear programme: choose for every merchant a mix θ of its plans (Σ θ ≤ 1, the rest is "spend
nothing"), so that the placements' capacities hold. A mix of plans keeps the merchant's
budget and floor (both are convex), and is worth at least the mix of their values (the
responses are concave), so the master's answer is a feasible plan worth at least the master's
value. The master's capacity duals are the next prices; each merchant answers them with a new
plan, which enters as a new column, and the bound L(prices) is evaluated at the same time.
This is what makes linear rates safe: at a price where two placements tie, each merchant's
all-or-nothing answers are mixed by the master instead of being dropped or piled onto one.
"""

import numpy as np
from scipy import sparse

from ...errors import SolverFailed
from ...solvers.highs import OPTIMAL, LinearProgram
from ..validation import PlatformRequest

ROUNDS = 40
SIMPLEX_PASSES = 10  # simplex iterations allowed per master solve, in columns plus rows
# a plan selling this many times a placement's capacity is scaled down before it enters
# (below this the columns are left as they are: the master's path is sensitive to them)
FAR_PAST = 1e6
# a merchant's plan this close to one of its plans already held (L1, in shares of the larger
# plan's spend) brings no column of its own: see ``Master._new``
SAME_PLAN = 1e-9


class Master:
    def __init__(self, request: PlatformRequest, value_of):
        self.request = request
        self.value_of = value_of  # spend per rate -> (objective per rate) on the exact curves
        self.capped = np.flatnonzero(np.isfinite(request.capacity))
        self.capacity_row = np.full(len(request.placement_ids), -1)
        merchants = len(request.merchant_ids)
        self.capacity_row[self.capped] = merchants + np.arange(len(self.capped))
        self.units = request.units_per_spend  # per rate
        self.rate_capacity = request.capacity[request.rate_placement]
        self.plans: list[np.ndarray] = []
        self.held: list[np.ndarray] = []  # per plan: the merchants it has a column for
        self.totals: list[np.ndarray] = []  # per plan: its spend per merchant
        self.program: LinearProgram | None = None

    def _columns(self, plans: list[np.ndarray], held: list[np.ndarray]):
        """Every plan's columns in one matrix, built at once: a block per plan stacked
        afterwards cost as much again as building them."""
        request = self.request
        merchants = len(request.merchant_ids)
        rows = len(self.capped) + merchants
        capacity_row = self.capacity_row[request.rate_placement]
        capped = capacity_row >= 0
        costs, row, column, data = [], [], [], []
        first = 0
        for spend, which in zip(plans, held, strict=True):
            values = np.bincount(
                request.rate_merchant, weights=self.value_of(spend), minlength=merchants
            )
            number = np.full(merchants, -1)
            number[which] = first + np.arange(len(which))
            on = capped & (number[request.rate_merchant] >= 0)
            row += [which, capacity_row[on]]
            column += [number[which], number[request.rate_merchant[on]]]
            data += [np.ones(len(which)), spend[on] * self.units[on]]
            costs.append(values[which])
            first += len(which)
        matrix = sparse.csc_matrix(
            (np.concatenate(data), (np.concatenate(row), np.concatenate(column))),
            shape=(rows, first),
        )
        return np.concatenate(costs), matrix

    def _new(self, spend: np.ndarray, plans, held, totals) -> np.ndarray:
        """The merchants for whom ``spend`` is a new plan: none of the columns held for them
        (``plans``, ``held``; ``totals``: each plan's spend per merchant) is within
        SAME_PLAN of it. A column the same as one held is only a copy (HiGHS spent its time
        on them: once the price search has settled, most merchants answer the last prices as
        they answered the ones before)."""
        request = self.request
        merchants = len(request.merchant_ids)
        new = np.ones(merchants, dtype=bool)
        total = self._total(spend)
        for plan, which, plan_total in zip(plans, held, totals, strict=True):
            apart = np.bincount(
                request.rate_merchant, weights=np.abs(spend - plan), minlength=merchants
            )
            scale = np.maximum(total, plan_total)
            same = np.zeros(merchants, dtype=bool)
            same[which] = apart[which] <= SAME_PLAN * scale[which]
            new &= ~same
        return np.flatnonzero(new)

    def _total(self, spend: np.ndarray) -> np.ndarray:
        merchants = len(self.request.merchant_ids)
        return np.bincount(self.request.rate_merchant, weights=spend, minlength=merchants)

    def add(self, plans: list[np.ndarray]) -> None:
        plans = [self._within_capacity(spend) for spend in plans]
        totals = [self._total(spend) for spend in plans]
        held = []
        for index, spend in enumerate(plans):
            earlier = [*self.plans, *plans[:index]]
            held.append(self._new(spend, earlier, [*self.held, *held],
                                  [*self.totals, *totals[:index]]))  # fmt: skip
        costs, matrix = self._columns(plans, held)
        zeros, ones = np.zeros(len(costs)), np.ones(len(costs))
        if self.program is None:
            merchants = len(self.request.merchant_ids)
            lower = np.full(matrix.shape[0], -np.inf)
            upper = np.concatenate([np.ones(merchants), self.request.capacity[self.capped]])
            self.program = LinearProgram(
                costs, matrix, lower, upper, zeros, ones, sense="max",
                options={"solver": "simplex"},
            )  # fmt: skip
            self._start_from_latest(held)
        else:
            self.program.add_columns(costs, zeros, ones, matrix)
        self.plans.extend(plans)
        self.held.extend(held)
        self.totals.extend(totals)

    def _start_from_latest(self, held: list[np.ndarray]) -> None:
        """The first solve starts with each merchant's latest plan in the basis at weight 1
        (the last plan given is the best one the price search recovered), not from
        nothing: 3,000 merchants x 50 placements, 9,000 columns, took 2,800 dual simplex
        iterations and 0.04 s from there against 4,600 and 0.13 s from scratch."""
        latest = np.full(len(self.request.merchant_ids), -1)
        first = 0
        for which in held:
            latest[which] = first + np.arange(len(which))
            first += len(which)
        placed = np.flatnonzero(latest >= 0)
        self.program.set_basis(latest[placed], placed)

    def _within_capacity(self, spend: np.ndarray) -> np.ndarray:
        """A merchant's plan that alone sells a placement FAR_PAST times over is scaled as a
        whole to that capacity. The master could use it only at that fraction or less, and a plan
        scaled down keeps its budget and floor and is worth at least as much per unit of
        mix; so the coefficients stay of the capacities' scale (a budget of 10¹² at a low
        price made a column of 10¹⁷ impressions against a capacity of 10⁵, which HiGHS
        refuses to load)."""
        request = self.request
        units = spend * self.units
        capacity = self.rate_capacity
        far = (units > FAR_PAST * capacity) & (capacity > 0)
        if not far.any():
            return spend
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(far, capacity / units, 1.0)
        smallest = np.ones(len(request.merchant_ids))
        np.minimum.at(smallest, request.rate_merchant, factor)
        return spend * smallest[request.rate_merchant]

    def solve(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The best mix as spends per rate, and the capacity prices per placement."""
        raw = self.program.raw
        # Simplex can cycle on the master: 400,000 iterations on 10,800 columns without an
        # end, warm or from scratch (300 merchants, budgets 10,000 times the usual), where
        # interior point takes 0.3 s. Past SIMPLEX_PASSES passes over its size it stops,
        # and interior point solves the master from scratch.
        raw.setOptionValue(
            "simplex_iteration_limit", SIMPLEX_PASSES * (raw.getNumCol() + raw.getNumRow())
        )
        try:
            solution = self.program.solve()
        except SolverFailed:  # warm-started simplex lost its way or went round in circles
            raw.clearSolver()
            raw.setOptionValue("solver", "ipm")
            try:
                solution = self.program.solve()
            except SolverFailed:  # the rounds so far stand; the caller keeps its best plan
                return None
            finally:
                raw.setOptionValue("solver", "simplex")
        if solution.status != OPTIMAL:
            return None
        merchants = len(self.request.merchant_ids)
        # HiGHS's tolerances leave weights a hair below 0 (-2.6e-7 seen): a negative weight
        # on one plan cancelled the spend that held a floor in another
        weights = np.clip(solution.primal, 0.0, 1.0)
        mix = np.zeros((len(self.plans), merchants))
        mix[np.repeat(np.arange(len(self.plans)), [len(h) for h in self.held]),
            np.concatenate(self.held)] = weights  # fmt: skip
        spend = np.zeros(len(self.request.rate_merchant))
        for weights, plan in zip(mix, self.plans, strict=True):
            spend += weights[self.request.rate_merchant] * plan
        prices = np.zeros(len(self.request.placement_ids))
        prices[self.capped] = np.maximum(solution.row_duals[merchants:], 0.0)
        return spend, prices
