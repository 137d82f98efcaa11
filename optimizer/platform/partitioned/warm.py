"""A warm re-plan: the price search started from the prices of a previous answer.

After a few merchants change their budgets or rates, the placements' prices move little: the
previous answer's ``placement_prices`` are a starting point close to the new optimum, where a
cold start begins at zero and climbs for ninety iterations. Only the start changes: the bound
and the plan are computed on the market as it is now, so the answer is certified exactly as a
cold one (a poor start costs iterations, never correctness). Placements the previous answer
does not name start at zero; prices it names for placements that are gone are ignored.
"""

import json
import math

import numpy as np

from ...errors import InvalidRequest, Problem

MAX_ANSWER_BYTES = 100_000_000  # an answer written with --out holds no rows: a few kB


def previous_prices(path: str, placement_ids: list[str]) -> np.ndarray:
    """Per placement (in ``placement_ids`` order), the price per unit of the answer at
    ``path`` (the JSON that ``python -m optimizer platform`` printed), 0 where it has none."""
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_ANSWER_BYTES + 1)
    except OSError as error:
        where = {"file": path, "reason": error.strerror or str(error)}
        raise InvalidRequest([Problem("--warm", "unreadable_file", where)]) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InvalidRequest([Problem("--warm", "warm_not_answer", {"file": path})]) from None
    prices = data.get("placement_prices") if isinstance(data, dict) else None
    if not isinstance(prices, dict):
        raise InvalidRequest([Problem("--warm", "warm_not_answer", {"file": path})])
    start = np.zeros(len(placement_ids))
    for index, placement in enumerate(placement_ids):
        price = prices.get(placement, 0.0)
        if isinstance(price, bool) or not isinstance(price, int | float):
            continue
        if math.isfinite(price) and price > 0:
            start[index] = float(price)
    return start


# Newton steps tried from the previous prices before the usual search (L-BFGS-B) takes over
# from the best prices they reached.
NEWTON_STEPS = 8


def warm_search(request, engine, gap: float, start: np.ndarray):
    """The price search from ``start`` by Newton's method on the dual, its Hessian summed by
    the workers (``curvature``); a step that raises the bound is halved. Past NEWTON_STEPS
    evaluations without the gap, L-BFGS-B goes on from the best bound's prices. Returns the
    search's ``Decomposed``; the workers hold the best plan, as after ``decompose``."""
    import time

    from ..decomposed.prices import Decomposed, _under_capacity, decompose

    capped = np.flatnonzero(np.isfinite(request.capacity))
    if not len(capped):
        return decompose(request, engine, gap, start=start, master=False, warm=False)
    capacity = request.capacity[capped]
    per_spend = (np.where(request.cpm, 1000.0, 1.0) / request.price)[capped]
    best = {"bound": np.inf, "value": -np.inf, "bound_prices": None, "value_at": None}
    evaluations, marks = 0, [time.perf_counter()]

    def evaluate(y):
        nonlocal evaluations
        evaluations += 1
        if evaluations == 2:  # the first one also pays for warming the workers up
            marks.append(time.perf_counter())
        prices = np.zeros(len(request.placement_ids))
        prices[capped] = np.maximum(y, 0.0) / per_spend
        merchants_bound, units = engine.solve(prices)
        bound = float(prices[capped] @ capacity + merchants_bound)
        scale = _under_capacity(units, request.capacity)
        value = engine.value(scale)
        if bound < best["bound"]:
            best["bound"], best["bound_prices"] = bound, prices
        if value > best["value"]:
            best["value"], best["value_at"] = value, (prices, scale, evaluations)
        return prices, bound, (capacity - units[capped]) / per_spend

    def reached() -> bool:
        return best["bound"] - best["value"] <= gap * 0.9 * abs(best["bound"])

    base = y = start[capped] * per_spend
    prices, bound, gradient = evaluate(base)
    step, before = None, np.inf
    while not reached() and evaluations < NEWTON_STEPS:
        if bound > before:  # the step raised the bound: half of it from the same point
            step = step / 2
        else:  # accepted: the next step from here, on the curvature at these prices
            before, base = bound, y
            hessian = engine.curvature(prices)[np.ix_(capped, capped)]
            step = _newton_step(base, gradient, hessian)
        y = np.maximum(base + step, 0.0)
        prices, bound, gradient = evaluate(y)
    counted = evaluations - (len(marks) - 1)
    seconds = (time.perf_counter() - marks[-1]) / max(counted, 1)
    if not reached():
        found = decompose(request, engine, gap, start=best["bound_prices"], master=False,
                          warm=False)  # fmt: skip
        found.evaluations += evaluations
        return found
    prices, scale, at = best["value_at"]
    if at != evaluations:  # the best plan was an earlier evaluation's: answered again
        _, units = engine.solve(prices)
        scale = _under_capacity(units, request.capacity)
    engine.spend(scale)
    return Decomposed(best["bound"], best["value"], best["bound_prices"], None, evaluations,
                      0, seconds)  # fmt: skip


def _newton_step(y: np.ndarray, gradient: np.ndarray, hessian: np.ndarray) -> np.ndarray:
    """The Newton step on the prices that are free to move (above zero, or pushed up by an
    oversold placement); a price at zero with inventory left over stays there."""
    step = np.zeros(len(y))
    free = (y > 0) | (gradient < 0)
    if not free.any():
        return step
    block = hessian[np.ix_(free, free)]
    # a placement nobody buys at these prices has no curvature: a hair of the diagonal's
    # scale keeps the system solvable (its price falls to zero, as its gradient says)
    ridge = 1e-9 * max(float(np.abs(np.diag(block)).max()), 1e-300)
    try:
        step[free] = np.linalg.solve(block + ridge * np.eye(len(block)), -gradient[free])
    except np.linalg.LinAlgError:
        step[free] = -gradient[free] / np.maximum(np.diag(block), ridge)
    return step
