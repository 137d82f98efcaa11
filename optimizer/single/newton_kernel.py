"""Newton's method on the prices (``newton.py`` explains it), compiled with numba.

Ten placements took about a millisecond as numpy calls: nine steps of some thirty calls on
arrays of ten, each call a few microseconds of overhead for a few nanoseconds of arithmetic,
ten times HiGHS's whole solve of the same plan's LP. Compiled, the same steps are loops over
the placements and rows and take microseconds; at 10,000 placements they are one pass where
numpy made a dozen. The arithmetic is numpy's, operation for operation; only the order of
additions inside a sum differs, so the plan agrees with the numpy steps' to rounding.

Arrays: per placement (n) and per row (m); rows x placements for the coefficients.
"""

import math

import numpy as np
from numba import njit

STEPS = 60  # Newton steps before giving the request to the chord LP
INSIDE = 1e-11  # rows aimed this far inside their bounds (relative to the row's scale)
SETTLED = 2e-12  # a row's residual counted as zero (relative to the row's scale)
ARMIJO = 1e-4
HALVINGS = 40
KINK = 1e-9  # relative: a placement this close to a bound is at it
JOIN = 10.0  # a violated row joins once it is off by 10x more than the active rows are
PROVEN = 1e-6  # the gap a plan must prove (the chord LP stops at 1e-4), else the LP decides
CURVED = 1e-9  # an eigenvalue below this share of the largest is flat


@njit(cache=True)
def _new_point(n, m):
    """The arrays ``_evaluate`` fills at one set of prices: A, B, the unclipped and clipped
    spends, their clicks (per placement) and the gradient (per row)."""
    return (np.empty(n), np.empty(n), np.empty(n), np.empty(n), np.empty(n), np.empty(m))


@njit(cache=True)
def _dot(first, second):
    total = 0.0
    for i in range(len(first)):
        total += first[i] * second[i]
    return total


@njit(cache=True)
def _rows(per_spend, per_click, spends, clicks, out):
    """Each row's value at these spends: per_spend @ spends + per_click @ clicks."""
    m, n = per_spend.shape
    for r in range(m):
        by_spend, by_click = 0.0, 0.0
        for i in range(n):
            by_spend += per_spend[r, i] * spends[i]
            by_click += per_click[r, i] * clicks[i]
        out[r] = by_spend + by_click


@njit(cache=True)
def _evaluate(y, aim, weight, cost, rate, half, lower, upper, per_spend, per_click, point):
    """g(y) with bounds ``aim``; fills ``point`` with A, B, the unclipped and clipped spends,
    their clicks and the gradient (aim - rows)."""
    a, b, inner, spends, clicks, grad = point
    m, n = per_spend.shape
    for i in range(n):
        by_click, by_spend = 0.0, 0.0
        for r in range(m):
            if y[r] != 0.0:
                by_click += y[r] * per_click[r, i]
                by_spend += y[r] * per_spend[r, i]
        a[i] = weight[i] - by_click
        b[i] = cost + by_spend
    for i in range(n):
        # no value (A <= 0): spend only if spending pays (B < 0); free spend (B <= 0): all
        if a[i] > 0.0:
            if b[i] > 0.0:
                inner[i] = half[i] * (math.sqrt(rate[i] * a[i] / b[i]) - 1.0)
            else:
                inner[i] = np.inf
        else:
            inner[i] = np.inf if b[i] < 0.0 else -np.inf
        spends[i] = min(max(inner[i], lower[i]), upper[i])
        clicks[i] = rate[i] * half[i] * spends[i] / (half[i] + spends[i])
    _rows(per_spend, per_click, spends, clicks, grad)
    by_click, by_spend, at_aim = 0.0, 0.0, 0.0
    for i in range(n):
        by_click += a[i] * clicks[i]
        by_spend += b[i] * spends[i]
    for r in range(m):
        at_aim += y[r] * aim[r]
        grad[r] = aim[r] - grad[r]
    return by_click - by_spend + at_aim


@njit(cache=True)
def _free(a, b, inner, spend, half, lower, upper):
    """A placement between its bounds (A, B, its unclipped and clipped spend); one exactly
    at a bound (the prices sit at its kink) counts as free: its curvature on the free side
    keeps the step finite."""
    if not (a > 0 and b > 0):
        return False
    near = KINK * (half + spend)
    return inner > lower - near and inner < upper + near


@njit(cache=True)
def _hessian(point, index, half, lower, upper, per_spend, per_click):
    """The Hessian of g in the prices of rows ``index``: the sum over free placements of
    (s + h) / (2 B) v vᵀ, summed as numpy sums (v · weight) @ v.T."""
    a, b, inner, spends, _, _ = point
    k, n = len(index), len(a)
    hessian = np.zeros((k, k))
    v = np.empty(k)
    for i in range(n):
        if not _free(a[i], b[i], inner[i], spends[i], half[i], lower[i], upper[i]):
            continue
        weight = (spends[i] + half[i]) / (2.0 * b[i])
        for j in range(k):
            v[j] = per_spend[index[j], i] + per_click[index[j], i] * (b[i] / a[i])
        for j in range(k):
            for other in range(k):
                hessian[j, other] += v[j] * weight * v[other]
    return hessian


@njit(cache=True)
def _direction(hessian, grad):
    """Newton's direction on the curved part of the Hessian; where it is flat (two rows
    that say the same at the margin, e.g. the budget and the ROAS floor when revenue is the
    objective), the gradient's flat part alone, flagged, to be followed to a price at 0."""
    k = len(grad)
    if k == 0:
        return np.zeros(0), False
    if k == 1:
        curvature = hessian[0, 0]
        if curvature > 0:
            return np.array([-grad[0] / curvature]), False
        return np.array([-grad[0]]), True
    if k == 2:  # Cramer's rule, unless nearly singular
        p, q, r = hessian[0, 0], hessian[0, 1], hessian[1, 1]
        determinant = p * r - q * q
        if determinant > 1e-9 * (p + r) ** 2:
            g0, g1 = grad[0], grad[1]
            return np.array([q * g1 - r * g0, q * g0 - p * g1]) / determinant, False
    values, vectors = np.linalg.eigh(hessian)
    largest = max(values.max(), 0.0)
    flat_part, curved_part = np.zeros(k), np.zeros(k)
    all_curved = True
    for e in range(k):
        along = 0.0  # the gradient along eigenvector e
        for j in range(k):
            along += vectors[j, e] * grad[j]
        curved = values[e] > CURVED * largest
        all_curved = all_curved and curved
        for j in range(k):
            if curved:
                curved_part[j] += vectors[j, e] * (along / values[e])
            else:
                flat_part[j] += vectors[j, e] * along
    flat_size = math.sqrt(_dot(flat_part, flat_part))
    if flat_size > 1e-9 * math.sqrt(_dot(grad, grad)) and not all_curved:
        return -flat_part, True
    return -curved_part, False


@njit(cache=True)
def _unclipping(point, move, rate, half, lower, upper, per_spend, per_click):
    """How far along ``move`` the first clipped placement comes off its bound, a little
    past it; inf if none does. A placement is between its bounds where rate A > k_low B and
    k_high B > rate A (k = ((h + bound) / h)^2), both linear in the step."""
    a, b, inner, spends, _, _ = point
    m, n = per_spend.shape
    first, first_start, first_end = -1, np.inf, np.inf
    for i in range(n):
        if _free(a[i], b[i], inner[i], spends[i], half[i], lower[i], upper[i]):
            continue
        da, db = 0.0, 0.0
        for r in range(m):
            da += move[r] * per_click[r, i]
            db += move[r] * per_spend[r, i]
        da = -da
        low = (half[i] + lower[i]) / half[i]
        high = (half[i] + upper[i]) / half[i]
        low, high = low * low, high * high
        start, end = 0.0, np.inf
        for side in range(2):
            if side == 0:
                value, slope = rate[i] * a[i] - low * b[i], rate[i] * da - low * db
            else:
                value, slope = high * b[i] - rate[i] * a[i], high * db - rate[i] * da
            if slope > 0:
                start = max(start, -value / slope)
            elif slope < 0:
                end = min(end, -value / slope)
            elif value <= 0:
                end = -np.inf
        if start < end and start < first_start:
            first, first_start, first_end = i, start, end
    if first < 0:
        return np.inf
    return first_start + min(1e-6 * first_start, 0.5 * (first_end - first_start))


@njit(cache=True)
def _start(weight, cost, rate, half, upper, budget, min_spend, m):
    """The budget's price as if every placement were unclipped (one closed form), 0 for
    every other row."""
    y = np.zeros(m)
    any_value, root_sum, half_sum, upper_sum = False, 0.0, 0.0, 0.0
    for i in range(len(rate)):
        any_value = any_value or weight[i] * rate[i] - cost > 0
        root_sum += half[i] * math.sqrt(weight[i] * rate[i])
        half_sum += half[i]
        upper_sum += upper[i]
    t = (min(budget, upper_sum) + half_sum) / max(root_sum, 1e-300)
    if not min_spend and any_value and t > 0:
        y[0] = max(1.0 / (t * t) - cost, 0.0)  # row 0 is the budget
    return y


@njit(cache=True)
def dual_newton(
    weight, cost, rate, half, lower, upper, per_spend, per_click, row_lower, row_upper,
    budget, min_spend,
):  # fmt: skip
    """Projected Newton steps on the prices of the rows believed binding (an active set:
    a violated row joins once the others nearly hold, a price reaching 0 leaves). Returns
    (proven, prices, spends, each row's slack, gap, steps); ``proven`` is False where the
    chord LP should decide."""
    m, n = per_spend.shape
    given_up = (False, np.zeros(m), np.zeros(n), np.zeros(m), np.inf, 0)
    for i in range(n):
        if not (np.isfinite(half[i]) and half[i] > 0 and rate[i] > 0):
            # a linear, slot or curve placement: its response makes the dual's slope jump,
            # which Newton steps cannot follow
            return given_up
    for r in range(m):
        if np.isfinite(row_lower[r]) and np.isfinite(row_upper[r]) and row_lower[r] < row_upper[r]:
            # a row with two different bounds: its price would have a kink at 0
            return given_up
    sign, side, scale, aim = np.empty(m), np.empty(m), np.empty(m), np.empty(m)
    for r in range(m):
        above, below = np.isfinite(row_upper[r]), np.isfinite(row_lower[r])
        # +1: an upper bound (price >= 0); -1: a lower one; 0: an equality
        sign[r] = 0.0 if above and below else (1.0 if above else -1.0)
        side[r] = row_upper[r] if sign[r] >= 0 else row_lower[r]
        by_spend, by_click = 0.0, 0.0
        for i in range(n):
            by_spend += abs(per_spend[r, i]) * upper[i]
            clicks_high = rate[i] * half[i] * upper[i] / (half[i] + upper[i])
            by_click += abs(per_click[r, i]) * clicks_high
        own = abs(side[r]) if np.isfinite(side[r]) else 0.0
        scale[r] = by_spend + by_click + own + 1e-3 * max(budget, 1.0)
        aim[r] = side[r] - sign[r] * INSIDE * scale[r]  # a hair inside each bound
    y = _start(weight, cost, rate, half, upper, budget, min_spend, m)
    active = np.empty(m, np.bool_)
    for r in range(m):
        active[r] = sign[r] == 0 or y[r] != 0
    point, trial_point = _new_point(n, m), _new_point(n, m)
    value = _evaluate(y, aim, weight, cost, rate, half, lower, upper, per_spend, per_click, point)
    trial, move, limits = np.empty(m), np.empty(m), np.empty(m)
    steps = STEPS
    for step in range(STEPS):
        grad = point[5]
        residual, worst, violated = 0.0, 0, -np.inf
        for r in range(m):
            relative = grad[r] / scale[r]
            if y[r] == 0 and sign[r] * relative > SETTLED:
                active[r] = False  # a price at 0 whose row holds with room leaves
            if active[r]:
                residual = max(residual, abs(relative))
            off = 0.0 if active[r] else -sign[r] * relative
            if off > violated:
                worst, violated = r, off
        if max(residual, violated) <= SETTLED:
            steps = step
            break
        # a violated row joins once the active rows are near their bounds (they need not
        # hold exactly first: that costs steps and the new price moves them again)
        if violated > max(SETTLED, JOIN * residual):
            active[worst] = True
        # (loops rather than numpy's indexing: it costs seconds of compiling, not speed)
        index = np.empty(active.sum(), np.int64)
        active_grad = np.empty(len(index))
        k = 0
        for r in range(m):
            if active[r]:
                index[k], active_grad[k] = r, grad[r]
                k += 1
        hessian = _hessian(point, index, half, lower, upper, per_spend, per_click)
        part, flat = _direction(hessian, active_grad)
        move[:] = 0.0
        for j in range(len(index)):
            move[index[j]] = part[j]
        # the longest step before a signed price crosses 0 (it stops there and leaves)
        longest = np.inf
        for r in range(m):
            limits[r] = np.inf
            if sign[r] != 0 and sign[r] * move[r] < 0:
                limits[r] = -y[r] / move[r]
            longest = min(longest, limits[r])
        if longest <= 0:  # a price at 0 that the step would push out of bounds: it leaves
            for r in range(m):
                active[r] = active[r] and limits[r] > 0
            continue
        if flat:  # g is linear along it until a price reaches 0 or a placement unclips
            longest = min(
                longest, _unclipping(point, move, rate, half, lower, upper, per_spend, per_click)
            )
            if not np.isfinite(longest):  # the bound falls without end: nothing meets the
                steps = step  # rows, or the aim is past reach
                break
        alpha = longest if flat else min(1.0, longest)
        if alpha <= 0:
            steps = step
            break
        found = 0.0
        settled = False
        for _ in range(HALVINGS):
            ascent = 0.0  # grad · (trial - y)
            for r in range(m):
                trial[r] = y[r] + alpha * move[r]
                if (alpha == longest and limits[r] == longest) or sign[r] * trial[r] < 0:
                    trial[r] = 0.0
                ascent += grad[r] * (trial[r] - y[r])
            found = _evaluate(
                trial, aim, weight, cost, rate, half, lower, upper, per_spend, per_click,
                trial_point,
            )  # fmt: skip
            # (a step that changes g by rounding alone is taken: Newton's last steps are)
            if found <= value + ARMIJO * ascent + 1e-13 * abs(value):
                settled = True
                break
            alpha *= 0.5
        if not settled:  # no step helps: the aim a hair inside a bound may be out of reach
            steps = step  # (a share of 0, a floor only zero spend meets); the plan stands
            break  # if its gap is proven
        value = found
        y, trial = trial, y
        point, trial_point = trial_point, point
    return _answer(y, value, point, steps, weight, cost, sign, side, aim, scale,
                   per_spend, per_click, row_lower, row_upper)  # fmt: skip


@njit(cache=True)
def _answer(
    y, value, point, steps, weight, cost, sign, side, aim, scale, per_spend, per_click,
    row_lower, row_upper,
):  # fmt: skip
    """The plan at prices y, if it keeps every row on the exact curves; its gap proven by
    g(y) with the true bounds."""
    _, _, _, spends, clicks, _ = point
    activity, slack = np.empty(len(y)), np.empty(len(y))
    _rows(per_spend, per_click, spends, clicks, activity)
    for r in range(len(y)):
        give = INSIDE * scale[r] if sign[r] == 0 else 0.0  # an equality, to rounding
        if activity[r] > row_upper[r] + give or activity[r] < row_lower[r] - give:
            return False, y, spends, slack, np.inf, steps  # let the chord LP decide
        slack[r] = min(activity[r] - row_lower[r], row_upper[r] - activity[r])
    spent, beyond_aim = 0.0, 0.0
    for i in range(len(spends)):
        spent += spends[i]
    for r in range(len(y)):
        beyond_aim += y[r] * (side[r] - aim[r])
    achieved = _dot(weight, clicks) - cost * spent
    bound = value + beyond_aim  # g at y with the true bounds
    gap = max(bound - achieved, 0.0) / max(
        abs(bound), abs(achieved), 1e-3 * abs(row_upper[0]), 1e-9
    )
    return gap <= PROVEN, y, spends, slack, gap, steps
