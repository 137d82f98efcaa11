"""Plans with constraints beyond the budget: chords whose breakpoints go where the plan lands.

The model is the chord model of ``model.py`` (each saturating curve replaced by segments
between breakpoints, a linear programme) built as arrays and handed to HiGHS through
``solvers/highs.py``. Instead of a fixed fine grid (about 40 breakpoints a placement for 0.1%), it
starts from a coarse one and adds breakpoints where the optimum wants them (column
generation on the chords):

- The LP's row duals y price the budget, the group shares, the ROAS floor and the target.
  Relaxing those rows with y leaves one problem per placement,
  max over s in [low, high] of A·clicks(s) - B·s, solved in closed form on the exact curve:
  the spend s* where the curve's own marginal equals the price.
- Weak duality makes the sum of those maxima plus y·bounds an upper bound on the true
  optimum (a Lagrangian bound; it needs no approximation argument at all). The plan read
  off the chords, its figures computed on the exact curves, is feasible and worth at least
  the LP's value. So the gap between the two is proven, round by round.
- Each round adds every s* as a breakpoint (where the chords were short of the curve at the
  current prices) and solves again, until the proven gap is below ``GAP``. The prices used
  are the LP's duals refined on the exact curves (``refined``: the Lagrangian bound is
  convex in them and lowest at the optimum's prices), so that the second LP usually has
  its breakpoints at the optimum already: 2 rounds where the LP's own duals took 3 to 7.
- The LP stays loaded in HiGHS between rounds: the new breakpoints come in as columns
  (``Chords.extend``) and HiGHS re-solves from its last basis, 30-60 times faster than
  the cold solve of the same model.

The spends s* are also the Karush-Kuhn-Tucker point for the current prices, so the final
breakpoints sit at the optimum itself: the duals and marginal returns read there are the
curves' own, which the old fixed grid needed polishing rounds for.
"""

import copy
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..solvers import constraint_name
from ..solvers.highs import OPTIMAL, LinearProgram
from .arrays import Placements, click_weight
from .request import PlanRequest

GAP = 1e-4  # proven relative gap at which the rounds stop (the contract asks for 5e-3)
EXACT_GAP = 1e-9  # when every curve is piecewise linear: the optimum itself, up to rounding
ROUNDS = 40
START_TOLERANCE = 0.2  # the frontier's coarse grid: chords within about 20% of the curve
# A single plan starts coarser (50%): its refined prices put the second round's breakpoints
# at the optimum anyway, and the first LP, half the columns, costs half as much (1,000
# placements: 14 ms of CPU instead of 19)
PLAN_START_TOLERANCE = 0.5
CURVE_START_POINTS = 8  # of a measured curve's points, the first LP sees about this many
# A few rows and many bounded columns: dual simplex (its bound-flipping ratio test moves many
# segments at once) without presolve; 2-12x faster here than HiGHS's default, and than primal
# simplex once shares bind (benchmarks/plan_speed.py times every choice on the final model).
OPTIONS = {"presolve": "off", "solver": "simplex", "simplex_strategy": 1}
REFINE_STEPS = 8  # secant steps per dual in ``refined``


@dataclass
class Rows:
    """The coupling rows: a coefficient per unit spend and per click, bounds and names."""

    names: list[str]
    per_spend: np.ndarray  # rows x placements
    per_click: np.ndarray  # rows x placements
    lower: np.ndarray
    upper: np.ndarray


@dataclass
class BreakpointPlan:
    spends: np.ndarray
    duals: dict[str, float]  # row name -> d(objective)/d(bound)
    slacks: dict[str, float]  # row name -> distance from its bound, on the chords
    gap: float  # proven relative gap to the true optimum
    rounds: int
    chords: "Chords"  # the final breakpoints, for benchmarks and inspection

    def final_program(self) -> LinearProgram:
        """The chord LP of the final breakpoints alone, built cold (no segment fixed at 0),
        each placement keeping those next to its spend: the smallest model that gives this
        plan, which ``benchmarks/plan_speed.py`` times HiGHS on."""
        chords = copy.copy(self.chords)
        chords.keep_near(self.spends)
        return chords.program()[0]


def coupling_rows(request: PlanRequest, placements: Placements) -> Rows:
    n, budget = len(placements), request.budget
    # (name, per unit spend, per click, lower, upper); a number stands for a whole row of it
    rows = [("budget", 1.0, 0.0, budget if request.spend_all else -np.inf, budget)]
    owners = np.array([p.group or "" for p in request.placements]) if request.groups else None
    for group_name, group in request.groups.items():
        member = (owners == group_name).astype(float)
        name = f"groups.{constraint_name(group_name)}"
        if group.max_share < 1:
            rows.append((f"{name}.max_share", member - group.max_share, 0.0, -np.inf, 0.0))
        if group.min_share > 0:
            rows.append((f"{name}.min_share", member - group.min_share, 0.0, 0.0, np.inf))
    if request.min_roas is not None:
        rows.append(("min_roas", -request.min_roas, placements.revenue, 0.0, np.inf))
    if request.target is not None:
        metric = placements.revenue if request.target.metric == "revenue" else placements.conversion
        rows.append(("target", 0.0, metric, request.target.value, np.inf))
    names, spend_rows, click_rows, lower, upper = zip(*rows, strict=True)
    per_spend, per_click = np.empty((len(rows), n)), np.empty((len(rows), n))
    for index, (by_spend, by_click) in enumerate(zip(spend_rows, click_rows, strict=True)):
        per_spend[index] = by_spend
        per_click[index] = by_click
    # float64 throughout (a budget given as an int would make int bounds): the compiled
    # Newton steps then serve every request with one signature
    return Rows(list(names), per_spend, per_click, np.array(lower, float), np.array(upper, float))


def initial_breakpoints(placements: Placements, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """(placement index, spend) pairs: both bounds, and for saturating placements a grid on
    which chords stay within ``tolerance`` of the curve (as response.approximation_breakpoints,
    vectorised)."""
    owners, spends = [np.arange(len(placements))] * 2, [placements.lower, placements.upper]
    owners.append(np.arange(len(placements)))
    spends.append(np.zeros(len(placements)))
    saturating = np.flatnonzero(placements.saturating)
    h = placements.half[saturating]
    top = placements.upper[saturating]
    # On a chord from a to b the relative shortfall is about h (b-a)^2 / (4 (h+a)^2 a), so
    # segments may be 2 (h+a) sqrt(tolerance a / h) wide; with s = h tan(theta)^2 that is a
    # step of sqrt(tolerance) in theta, whatever a: a uniform grid in theta.
    step = np.sqrt(tolerance)
    first = tolerance * h / (1.0 - tolerance)
    most = np.arctan(np.sqrt(top / h))
    count = int(np.ceil(np.max(most / step, initial=0.0))) + 1
    angles = np.minimum(np.arange(1, count + 1)[None, :] * step, most[:, None])
    grid = h[:, None] * np.tan(angles) ** 2
    grid = np.concatenate([np.minimum(first, top)[:, None], grid], axis=1)
    owners.append(np.repeat(saturating, grid.shape[1]))
    spends.append(grid.ravel())
    curves = placements.curves
    if curves is not None:  # every few points of each curve; the rounds add the rest it needs
        sampled = _every_few(curves.start, curves.stop, CURVE_START_POINTS)
        owners.append(curves.owner[sampled])
        spends.append(curves.spend[sampled])
    return np.concatenate(owners), np.concatenate(spends)


def _every_few(start: np.ndarray, stop: np.ndarray, most: int) -> np.ndarray:
    """Indices of about ``most`` evenly spread points of each range, its last point included."""
    count = stop - start
    step = np.maximum(count // most, 1)
    picks = [np.arange(a, b, s) for a, b, s in zip(start, stop, step, strict=True) if b > a]
    last = stop[count > 0] - 1
    return np.unique(np.concatenate([*picks, last])) if picks else np.empty(0, int)


class Chords:
    """Breakpoints per placement, kept sorted and unique; the LP built from them."""

    def __init__(self, request: PlanRequest, placements: Placements, rows: Rows):
        self.request, self.placements, self.rows = request, placements, rows
        self.weight, self.cost = click_weight(request, placements)
        self.owner = np.empty(0, int)
        self.spend = np.empty(0)

    def add(self, owner: np.ndarray, spend: np.ndarray) -> int:
        """Adds breakpoints (clipped to each placement's bounds); returns how many were new."""
        p = self.placements
        spend = np.clip(spend, 0.0, p.upper[owner])
        before = len(self.spend)
        owner = np.concatenate([self.owner, owner])
        spend = np.concatenate([self.spend, spend])
        order = np.lexsort((spend, owner))
        owner, spend = owner[order], spend[order]
        scale = np.maximum(p.upper[owner], 1e-9)
        keep = np.ones(len(spend), bool)
        keep[1:] = (owner[1:] != owner[:-1]) | (spend[1:] - spend[:-1] > 1e-9 * scale[1:])
        self.owner, self.spend = owner[keep], spend[keep]
        return len(self.spend) - before

    def keep_near(self, spends: np.ndarray, around: int = 2) -> None:
        """Drops breakpoints far from ``spends``: each placement keeps 0, its bounds and
        ``around`` breakpoints either side of its spend. Any subset of points on a concave
        curve still gives chords below it, and the segment holding the plan is kept, so the
        plan found stays feasible with the same value: the LP never gets worse, only smaller."""
        p, owner, spend = self.placements, self.owner, self.spend
        key = 2.0 * owner + spend / (p.upper[owner] + 1.0)  # sorted, as (owner, spend) is
        index = np.arange(len(p))
        first = np.searchsorted(owner, index)
        after = np.searchsorted(owner, index, side="right")
        at = np.searchsorted(key, 2.0 * index + spends / (p.upper + 1.0))
        keep = np.zeros(len(spend), bool)
        present = after > first
        keep[first[present]] = keep[after[present] - 1] = True
        keep |= np.abs(spend - p.lower[owner]) <= 1e-12 * np.maximum(p.upper[owner], 1.0)
        for offset in range(-around, around):
            near = at + offset
            valid = (near >= first) & (near < after)
            keep[near[valid]] = True
        self.owner, self.spend = owner[keep], spend[keep]

    def program(self, reuse: LinearProgram | None = None) -> tuple[LinearProgram, np.ndarray]:
        """The chord LP, one column per segment (loaded into ``reuse`` when given); returns it
        with each column's placement."""
        same = self.owner[1:] == self.owner[:-1]
        starts = np.flatnonzero(same)
        owner = self.owner[starts]
        costs, matrix, lower, width = self._columns(
            owner, self.spend[starts], self.spend[starts + 1]
        )
        self.column = np.full(len(self.spend), -1)
        self.column[starts] = np.arange(len(starts))
        self.column_owner = owner
        bounds = (self.rows.lower, self.rows.upper, lower, width)
        if reuse is None:
            return LinearProgram(costs, matrix, *bounds, sense="max", options=OPTIONS), owner
        reuse.replace(costs, matrix, *bounds)
        return reuse, owner

    def _columns(self, owner: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple:
        """Segments from ``start`` to ``end``: costs, compressed columns, lower and upper."""
        p, rows = self.placements, self.rows
        width = end - start
        slope = (_clicks_at(p, owner, end) - _clicks_at(p, owner, start)) / width
        costs = self.weight[owner] * slope - self.cost
        dense = rows.per_spend[:, owner] + rows.per_click[:, owner] * slope[None, :]
        nonzero = dense.T != 0  # columns x rows: compressed columns straight from numpy
        indptr = np.concatenate([[0], np.cumsum(nonzero.sum(axis=1))])
        indices = np.nonzero(nonzero)[1]
        matrix = sparse.csc_matrix((dense.T[nonzero], indices, indptr), shape=dense.shape)
        forced = end <= p.lower[owner] + 1e-12 * np.maximum(p.upper[owner], 1.0)
        return costs, matrix, np.where(forced, width, 0.0), width

    def extend(self, program: LinearProgram, owner: np.ndarray, spend: np.ndarray) -> int:
        """Adds breakpoints to the loaded ``program`` in place, so that HiGHS re-solves from
        its last basis (a cold solve costs 30-60 times a warm one here): a segment that a
        new breakpoint splits is fixed at 0 and its pieces come in as new columns. Returns
        how many breakpoints were new."""
        p = self.placements
        spend = np.clip(spend, 0.0, p.upper[owner])
        order = np.lexsort((spend, owner))
        owner, spend = owner[order], spend[order]
        close = 1e-9 * np.maximum(p.upper[owner], 1e-9)
        keep = np.ones(len(spend), bool)
        keep[1:] = (owner[1:] != owner[:-1]) | (spend[1:] - spend[:-1] > close[1:])
        # away from every breakpoint already there (each placement has 0 and its upper bound)
        key = 2.0 * self.owner + self.spend / (p.upper[self.owner] + 1.0)
        at = np.searchsorted(key, 2.0 * owner + spend / (p.upper[owner] + 1.0))
        for side in (np.minimum(at, len(key) - 1), np.maximum(at - 1, 0)):
            keep &= (self.owner[side] != owner) | (np.abs(self.spend[side] - spend) > close)
        owner, spend, at = owner[keep], spend[keep], at[keep]
        if len(spend) == 0:
            return 0
        column = self.column.copy()
        split = np.unique(column[at - 1])  # the segment each new breakpoint falls in
        split = split[split >= 0]
        if len(split):
            program.set_col_bounds(split, np.zeros(len(split)), np.zeros(len(split)))
        column[at - 1] = -1
        owners = np.concatenate([self.owner, owner])
        spends = np.concatenate([self.spend, spend])
        columns = np.concatenate([column, np.full(len(spend), -1)])
        order = np.lexsort((spends, owners))
        owners, spends, columns = owners[order], spends[order], columns[order]
        starts = np.flatnonzero((owners[1:] == owners[:-1]) & (columns[:-1] < 0))
        new_owner = owners[starts]
        costs, matrix, lower, width = self._columns(new_owner, spends[starts], spends[starts + 1])
        columns[starts] = program.num_col + np.arange(len(starts))
        program.add_columns(costs, lower, width, matrix)
        self.owner, self.spend, self.column = owners, spends, columns
        self.column_owner = np.concatenate([self.column_owner, new_owner])
        return len(spend)

    def lagrangian(self, duals: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        """The upper bound from ``duals`` and, per placement, the spend that attains it and
        the value there (A x clicks - B x spend)."""
        p, rows = self.placements, self.rows
        duals = np.where(
            (duals > 0) & np.isfinite(rows.upper) | (duals < 0) & np.isfinite(rows.lower),
            duals,
            0.0,
        )
        per_click = self.weight - duals @ rows.per_click  # A: value of a click
        per_spend = self.cost + duals @ rows.per_spend  # B: price of a unit of spend
        # the curve's own marginal equals the price at s* = h (sqrt(A rate / B) - 1); with
        # B <= 0 spend costs nothing: the upper bound; without saturation or value: the lower
        climbing = p.saturating & (per_click > 0)
        priced = climbing & (per_spend > 0)
        inner = np.where(climbing, p.upper, p.lower)
        ratio = per_click[priced] * p.rate[priced] / per_spend[priced]
        inner[priced] = p.half[priced] * (np.sqrt(ratio) - 1.0)
        inner = np.clip(inner, p.lower, p.upper)
        index = np.arange(len(p))
        best = per_click * _clicks_at(p, index, p.lower) - per_spend * p.lower
        spend_at_best = p.lower.copy()
        candidates = [p.upper, inner]
        if p.curves is not None:  # a concave curve's best lies on one of its points
            candidates.append(p.curves.best_points(per_click, per_spend, p.lower, p.upper))
        for candidate in candidates:
            value = per_click * _clicks_at(p, index, candidate) - per_spend * candidate
            better = value > best
            best = np.where(better, value, best)
            spend_at_best = np.where(better, candidate, spend_at_best)
        bound_side = np.where(duals > 0, rows.upper, np.where(duals < 0, rows.lower, 0.0))
        bound = float(best.sum() + duals @ bound_side)
        return bound, spend_at_best, best

    def exact_objective(self, spends: np.ndarray) -> float:
        index = np.arange(len(self.placements))
        return float(
            self.weight @ _clicks_at(self.placements, index, spends) - self.cost * spends.sum()
        )


def solve(request: PlanRequest, placements: Placements) -> BreakpointPlan | None:
    """The plan, or None when the coarse chords cannot meet the constraints (the caller then
    uses the fine grid, which also explains an infeasible request)."""
    rows = coupling_rows(request, placements)
    chords = Chords(request, placements, rows)
    chords.add(*initial_breakpoints(placements, PLAN_START_TOLERANCE))
    program = chords.program()[0]
    gap, rounds = np.inf, 0
    # Measured curves are piecewise linear: the rounds end at their exact optimum, which the
    # contract expects for them; saturation only ever approaches its own.
    wanted_gap = GAP if placements.saturating.any() else EXACT_GAP
    index = np.arange(len(placements))

    def relative(bound: float) -> float:
        scale = max(abs(bound), abs(achieved), 1e-3 * request.budget, 1e-9)
        return max(bound - achieved, 0.0) / scale

    while True:
        rounds += 1
        solution = program.solve()
        if solution.status != OPTIMAL:
            return None
        owner = chords.column_owner
        spends = np.bincount(owner, weights=solution.primal, minlength=len(placements))
        spends = np.clip(spends, placements.lower, placements.upper)
        achieved = chords.exact_objective(spends)
        bound, wanted, _ = chords.lagrangian(solution.row_duals)
        gap = relative(bound)
        if gap <= wanted_gap or rounds >= ROUNDS:
            break
        # prices nearer the optimum's: any prices give a bound, these a lower one, and their
        # spends are where the next chords should be
        better_bound, better, _ = chords.lagrangian(refined(chords, solution.row_duals))
        gap = min(gap, relative(better_bound))
        if gap <= wanted_gap:
            break
        added = chords.extend(program, index, better)
        if added == 0:
            added = chords.extend(program, index, wanted)
        if added == 0:
            break
    slacks = {
        name: float(min(activity - low, high - activity))
        for name, activity, low, high in zip(
            rows.names, solution.row_activity, rows.lower, rows.upper, strict=True
        )
    }
    duals = dict(zip(rows.names, map(float, solution.row_duals), strict=True))
    return BreakpointPlan(spends, duals, slacks, gap, rounds, chords)


def refined(chords: Chords, duals: np.ndarray) -> np.ndarray:
    """Duals nearer the true optimum's than the chord LP's. The Lagrangian bound is convex
    in the duals and lowest at the true optimum's prices; its slope in one dual is that
    row's bound minus the row's value at the spends the prices want. So each nonzero dual in
    turn is moved to where that slope is zero (secant steps, about 4 bounds each; regula
    falsi between 0 and twice the dual took 10). Breakpoints at the spends these prices want
    put the next chords at the optimum: 1,000 placements needed 5 rounds from the LP's
    duals, 2 from these. Any prices give a bound, so a poor step costs a round, never the
    proof."""
    p, rows = chords.placements, chords.rows
    index = np.arange(len(p))
    duals = duals.copy()
    for row in np.flatnonzero(duals):
        side = rows.upper[row] if duals[row] > 0 else rows.lower[row]

        def slope(value: float, row: int = row, side: float = side) -> float:
            duals[row] = value
            spend = chords.lagrangian(duals)[1]
            used = rows.per_spend[row] @ spend + rows.per_click[row] @ _clicks_at(p, index, spend)
            return side - used

        found = duals[row]
        # secant steps from the LP's price and one 10% beyond it, kept on its side of 0
        before, at_before = found, slope(found)
        now = 1.1 * found
        at_now = slope(now)
        for _ in range(REFINE_STEPS):
            if at_now == at_before:
                break
            step = now - at_now * (now - before) / (at_now - at_before)
            before, at_before = now, at_now
            now = max(step, 0.0) if found > 0 else min(step, 0.0)
            at_now = slope(now)
            if abs(now - before) <= 1e-6 * abs(found):
                break
        duals[row] = now
    return duals


def _clicks_at(placements: Placements, owner: np.ndarray, spend: np.ndarray) -> np.ndarray:
    rate, half = placements.rate[owner], placements.half[owner]
    linear = rate * spend
    saturating = np.isfinite(half)
    half = np.where(saturating, half, 1.0)  # no inf / inf to silence
    bought = np.where(saturating, linear * half / (half + spend), linear)
    curves = placements.curves
    if curves is not None:
        on_curve = curves.is_curve[owner]
        bought[on_curve] = curves.clicks_at(owner[on_curve], spend[on_curve])
    return bought
