"""Constrained plans of saturating placements, exactly: Newton's method on the Lagrangian dual.

With every placement saturating (cpc or cpm with a half spend), the plan is a separable
concave programme with a few coupling rows (budget, group shares, ROAS floor, target). For
row prices y (signed as HiGHS signs duals: > 0 on an upper bound, < 0 on a lower one) each
placement's own problem, max A·clicks(s) - B·s with A = w - y·per_click and
B = cost + y·per_spend, has the closed form s*(y) = clip(h (sqrt(rate A / B) - 1), low, high),
and the Lagrangian bound g(y) = sum of those maxima + y·bounds is convex in y with

    gradient  = bounds - rows(s*(y))
    Hessian   = sum over unclipped placements of (s + h) / (2 B) v vᵀ,
                v = per_spend + per_click B / A (the row's cost of the marginal unit).

So the optimum's prices are found by projected Newton steps on g (a handful of rows, so each
step is a tiny dense solve), and the plan is s*(y) itself: the exact optimum, with no chords
and no LP. Each row is aimed a hair inside its bound (``INSIDE``), so the plan keeps every
constraint on the exact curves; g at the final prices, with the true bounds, is a proven
upper bound, so the gap reported is proven as on the chord path (about 1e-9 here). Where
Newton does not settle (a request nothing can satisfy, prices at a kink of several clipped
placements) it returns None and the chord LP decides, as before.
"""

from dataclasses import dataclass

import numpy as np

from .arrays import Placements, click_weight
from .breakpoints import Rows
from .request import PlanRequest

STEPS = 60  # Newton steps before giving the request to the chord LP
INSIDE = 1e-11  # rows aimed this far inside their bounds (relative to the row's scale)
SETTLED = 2e-12  # a row's residual counted as zero (relative to the row's scale)
ARMIJO = 1e-4
HALVINGS = 40
KINK = 1e-9  # relative: a placement this close to a bound is at it
JOIN = 10.0  # a violated row joins once it is off by 10x more than the active rows are
PROVEN = 1e-6  # the gap a plan must prove (the chord LP stops at 1e-4), else the LP decides


@dataclass
class DualPlan:
    spends: np.ndarray
    duals: dict[str, float]  # row name -> d(objective)/d(bound)
    slacks: dict[str, float]  # row name -> distance from its bound, on the exact curves
    gap: float  # proven relative gap to the true optimum
    rounds: int  # Newton steps taken


def applies(placements: Placements) -> bool:
    """Every placement saturates (no linear, slot or curve placement: their responses make
    the dual's slope jump, which Newton steps cannot follow)."""
    return bool(
        len(placements)
        and placements.curves is None
        and not len(placements.slots)
        and np.all(np.isfinite(placements.half))
        and np.all(placements.half > 0)
        and np.all(placements.rate > 0)
    )


class _Dual:
    """g(y), its gradient and Hessian, for one request's arrays."""

    def __init__(self, request: PlanRequest, placements: Placements, rows: Rows):
        p = placements
        self.weight, self.cost = click_weight(request, p)
        self.rate, self.half, self.lower, self.upper = p.rate, p.half, p.lower, p.upper
        self.per_spend, self.per_click = rows.per_spend, rows.per_click
        upper_finite, lower_finite = np.isfinite(rows.upper), np.isfinite(rows.lower)
        # sign of each price: +1 (an upper bound, y >= 0), -1 (a lower one), 0 (equality)
        self.sign = np.where(upper_finite & lower_finite, 0, np.where(upper_finite, 1, -1))
        self.side = np.where(self.sign >= 0, rows.upper, rows.lower)  # the bound that binds
        clicks_high = p.rate * p.half * p.upper / (p.half + p.upper)
        self.scale = (
            np.abs(rows.per_spend) @ p.upper
            + np.abs(rows.per_click) @ clicks_high
            + np.abs(np.where(np.isfinite(self.side), self.side, 0.0))
            + 1e-3 * max(request.budget, 1.0)
        )
        self.aim = self.side - self.sign * INSIDE * self.scale  # a hair inside each bound
        self.rate_half = p.rate * p.half

    def at(self, y: np.ndarray, aim: np.ndarray) -> tuple:
        """(g with bounds ``aim``, gradient, spends, clicks, A, B, unclipped spends)."""
        a = self.weight - y @ self.per_click
        b = self.cost + y @ self.per_spend
        if a.min() > 0 and b.min() > 0:  # the usual case, without the guards' cost
            inner = self.half * (np.sqrt(self.rate * a / b) - 1.0)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                inner = self.half * (np.sqrt(self.rate * a / b) - 1.0)
            # no value (A <= 0): spend only if spending pays (B < 0); free spend (B <= 0): all
            inner = np.where(
                a > 0, np.where(b > 0, inner, np.inf), np.where(b < 0, np.inf, -np.inf)
            )
        spends = np.minimum(np.maximum(inner, self.lower), self.upper)
        clicks = self.rate_half * spends / (self.half + spends)
        rows = self.per_spend @ spends + self.per_click @ clicks
        value = float(a @ clicks - b @ spends + y @ aim)
        return value, aim - rows, spends, clicks, a, b, inner

    def unclipping(self, point: tuple, move: np.ndarray) -> float:
        """How far along ``move`` (from the prices of ``point``) the first clipped placement
        comes off its bound, a little past it; inf if none does. A placement is between its
        bounds where rate A > k_low B and k_high B > rate A (k = ((h + bound) / h)^2), both
        linear in the step."""
        a, b = point[4], point[5]
        clipped = ~self.free(point)
        if not clipped.any():
            return np.inf
        da, db = -(move @ self.per_click), move @ self.per_spend
        low = ((self.half + self.lower) / self.half) ** 2
        high = ((self.half + self.upper) / self.half) ** 2
        start, end = np.zeros(len(a)), np.full(len(a), np.inf)
        for value, slope in ((self.rate * a - low * b, self.rate * da - low * db),
                             (high * b - self.rate * a, high * db - self.rate * da)):  # fmt: skip
            with np.errstate(divide="ignore", invalid="ignore"):
                root = -value / slope
            start = np.where(slope > 0, np.maximum(start, root), start)
            end = np.where(slope < 0, np.minimum(end, root), end)
            end = np.where((slope == 0) & (value <= 0), -np.inf, end)
        entering = clipped & (start < end)
        if not entering.any():
            return np.inf
        first = int(np.argmin(np.where(entering, start, np.inf)))
        return float(start[first] + min(1e-6 * start[first], 0.5 * (end[first] - start[first])))

    def free(self, point: tuple) -> np.ndarray:
        """Placements between their bounds; one exactly at a bound (the prices sit at its
        kink) counts as free: its curvature on the free side keeps the step finite."""
        spends, a, b, inner = point[2], point[4], point[5], point[6]
        near = KINK * (self.half + spends)
        return (a > 0) & (b > 0) & (inner > self.lower - near) & (inner < self.upper + near)

    def hessian(self, point: tuple, index: np.ndarray) -> np.ndarray:
        """The Hessian of g in the prices of rows ``index``."""
        spends, a, b = point[2], point[4], point[5]
        free = self.free(point)
        if not free.all():
            a, b, spends = a[free], b[free], spends[free]
            per_spend, per_click, half = (
                self.per_spend[index][:, free],
                self.per_click[index][:, free],
                self.half[free],
            )
        else:
            per_spend, per_click, half = self.per_spend[index], self.per_click[index], self.half
        v = per_spend + per_click * (b / a)
        return (v * ((spends + half) / (2.0 * b))) @ v.T


def _start(dual: _Dual, request: PlanRequest, rows: Rows) -> np.ndarray:
    """The budget's price as if every placement were unclipped (one closed form), 0 for
    every other row."""
    y = np.zeros(len(rows.names))
    value = (dual.weight * dual.rate - dual.cost).clip(min=0.0)
    root = dual.half * np.sqrt(dual.weight * dual.rate)
    t = (min(request.budget, dual.upper.sum()) + dual.half.sum()) / max(root.sum(), 1e-300)
    if request.objective != "min_spend" and value.any() and t > 0:
        y[0] = max(1.0 / (t * t) - dual.cost, 0.0)  # row 0 is the budget
    return y


def solve(request: PlanRequest, placements: Placements, rows: Rows) -> DualPlan | None:
    """The exact plan, or None where the chord LP should decide. An active-set method on
    the dual: Newton steps on the prices of the rows believed binding (the others at 0);
    once those rows hold, the row most violated joins them; a price reaching 0 leaves."""
    if not applies(placements):
        return None
    if np.any(np.isfinite(rows.lower) & np.isfinite(rows.upper) & (rows.lower < rows.upper)):
        return None  # a row with two different bounds: its price would have a kink at 0
    dual = _Dual(request, placements, rows)
    sign = dual.sign
    y = _start(dual, request, rows)
    active = (sign == 0) | (y != 0)
    point = dual.at(y, dual.aim)
    for step in range(STEPS):
        value, grad = point[0], point[1]
        relative = grad / dual.scale
        # a price at 0 whose row holds with room leaves the active set
        active &= ~((y == 0) & (sign * relative > SETTLED))
        residual = float(np.abs(relative[active]).max(initial=0.0))
        violation = np.where(active, 0.0, -sign * relative)
        worst = int(violation.argmax())
        if max(residual, violation[worst]) <= SETTLED:
            return _answer(dual, rows, y, point, step)
        # a violated row joins once the active rows are near their bounds (they need not
        # hold exactly first: that costs steps and the new price moves them again)
        if violation[worst] > max(SETTLED, JOIN * residual):
            active[worst] = True
        index = np.flatnonzero(active)
        move = np.zeros_like(y)
        move[index], flat = _direction(dual.hessian(point, index), grad[index])
        # the longest step before a signed price crosses 0 (it stops there and leaves)
        crossing = (sign != 0) & (sign * move < 0)
        limits = np.where(crossing, -y / np.where(crossing, move, 1.0), np.inf)
        longest = float(limits.min(initial=np.inf))
        if longest <= 0:  # a price at 0 that the step would push out of bounds: it leaves
            active &= limits > 0
            continue
        if flat:  # g is linear along it until a price reaches 0 or a placement unclips
            longest = min(longest, dual.unclipping(point, move))
            if not np.isfinite(longest):  # the bound falls without end: nothing meets the
                return _answer(dual, rows, y, point, step)  # rows, or the aim is past reach
        alpha = min(1.0, longest) if not flat else longest
        if alpha <= 0:
            return _answer(dual, rows, y, point, step)
        for _ in range(HALVINGS):
            trial = y + alpha * move
            if alpha == longest:
                trial[limits == longest] = 0.0
            trial = np.where(sign * trial < 0, 0.0, trial)
            found = dual.at(trial, dual.aim)
            # (a step that changes g by rounding alone is taken: Newton's last steps are)
            if found[0] <= value + ARMIJO * float(grad @ (trial - y)) + 1e-13 * abs(value):
                break
            alpha *= 0.5
        else:  # no step helps: the aim a hair inside a bound may be out of reach (a share
            # of 0, a floor only zero spend meets); the plan stands if its gap is proven
            return _answer(dual, rows, y, point, step)
        y, point = trial, found
    return _answer(dual, rows, y, point, STEPS)


def _direction(hessian: np.ndarray, grad: np.ndarray) -> tuple[np.ndarray, bool]:
    """Newton's direction on the curved part of the Hessian; where it is flat (two rows
    that say the same at the margin, e.g. the budget and the ROAS floor when revenue is the
    objective), the gradient's flat part alone, flagged, to be followed to a price at 0."""
    if len(grad) == 1:  # one row: a number
        curvature = float(hessian[0, 0])
        return (-grad / curvature, False) if curvature > 0 else (-grad, True)
    if len(grad) == 2:  # two rows: Cramer's rule, unless nearly singular
        (p, q), (_, r) = hessian
        determinant = p * r - q * q
        if determinant > 1e-9 * (p + r) ** 2:
            g0, g1 = grad
            return np.array([q * g1 - r * g0, q * g0 - p * g1]) / determinant, False
    if len(grad) == 0:
        return grad, False
    values, vectors = np.linalg.eigh(hessian)
    curved = values > 1e-9 * max(values.max(), 0.0)
    along = vectors.T @ grad
    flat_part = vectors[:, ~curved] @ along[~curved]
    if np.linalg.norm(flat_part) > 1e-9 * np.linalg.norm(grad) and not np.all(curved):
        return -flat_part, True
    return -(vectors[:, curved] @ (along[curved] / values[curved])), False


def _answer(dual: _Dual, rows: Rows, y, point, steps: int) -> DualPlan | None:
    """The plan at prices y, if it keeps every row on the exact curves; its gap proven by
    g(y) with the true bounds."""
    spends, clicks = point[2], point[3]
    activity = rows.per_spend @ spends + rows.per_click @ clicks
    give = np.where(dual.sign == 0, INSIDE * dual.scale, 0.0)  # an equality, to rounding
    if np.any(activity > rows.upper + give) or np.any(activity < rows.lower - give):
        return None  # let the chord LP decide
    achieved = float(dual.weight @ clicks - dual.cost * spends.sum())
    bound = point[0] + float(y @ (dual.side - dual.aim))  # g at y with the true bounds
    scale = max(abs(bound), abs(achieved), 1e-3 * abs(rows.upper[0]), 1e-9)
    gap = max(bound - achieved, 0.0) / scale
    if gap > PROVEN:
        return None
    slack = np.minimum(activity - rows.lower, rows.upper - activity).tolist()
    slacks = dict(zip(rows.names, slack, strict=True))
    duals = dict(zip(rows.names, y.tolist(), strict=True))
    return DualPlan(spends, duals, slacks, gap, steps)
