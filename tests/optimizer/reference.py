"""An independent formulation of the plan, written straight from OPTIMIZER.md with scipy.

It shares no code with ``optimizer/``: raw JSON in, scipy's ``milp`` out. Saturating curves
get a revenue variable held under many tangent cuts (``outer``, a relaxation: its optimum is
at least the true one) or under fine chords (``inner``: at most the true one), so the true
optimum is bracketed and the optimizer's answer can be judged against it.
"""

import itertools
import math

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

CUTS = 400


class Columns:
    def __init__(self):
        self.lower, self.upper, self.integer = [], [], []

    def add(self, low, high, integer=False) -> int:
        self.lower.append(low)
        self.upper.append(high)
        self.integer.append(1 if integer else 0)
        return len(self.lower) - 1


def _ceiling(p, budget):
    limits = [budget]
    if p.get("max_spend") is not None:
        limits.append(p["max_spend"])
    if p.get("capacity") is not None and p["pricing"] != "curve":
        limits.append(p["capacity"] * p["price"] / (1000 if p["pricing"] == "cpm" else 1))
    if p["pricing"] == "curve":
        limits.append(p["points"][-1][0])
    return min(limits)


def _rate(p):
    if p["pricing"] == "cpc":
        return 1 / p["price"]
    if p["pricing"] == "cpm":
        return 1000 * p["ctr"] / p["price"]
    return p["impressions_per_slot"] * p["ctr"] / p["price"]


def solve_reference(request: dict, mode: str = "outer") -> dict:
    """{"status": "optimal"|"infeasible", "objective_value": float} for the raw request."""
    budget = request["budget"]
    cols = Columns()
    rows: list[tuple[dict[int, float], float, float]] = []
    spend_terms: list[dict[int, float]] = []  # per placement: spend as a combination of columns
    conv_terms: list[dict[int, float]] = []  # per placement: conversions

    for p in request["placements"]:
        top = _ceiling(p, budget)
        low = p.get("min_spend", 0) or 0
        if p["pricing"] == "slot":
            most = math.floor(top / p["price"] + 1e-9)
            n = cols.add(math.ceil(low / p["price"] - 1e-9), most, integer=True)
            spend_terms.append({n: p["price"]})
            conv_terms.append({n: p["price"] * _rate(p) * p["cvr"]})
        elif p["pricing"] == "curve":
            xs = [x for x, _ in p["points"]]
            ys = [y for _, y in p["points"]]
            pieces, spend, conv = [], {}, {}
            for j in range(len(xs) - 1):
                if xs[j] >= top:
                    break
                width = min(xs[j + 1], top) - xs[j]
                slope = (ys[j + 1] - ys[j]) / (xs[j + 1] - xs[j])
                c = cols.add(0, width)
                pieces.append((c, width))
                spend[c] = 1.0
                conv[c] = slope * p["cvr"]
            for j in range(len(pieces) - 1):  # fill segments in order: binaries
                y = cols.add(0, 1, integer=True)
                (c0, w0), (c1, w1) = pieces[j], pieces[j + 1]
                rows.append(({c0: 1.0, y: -w0}, 0, np.inf))
                rows.append(({c1: 1.0, y: -w1}, -np.inf, 0))
            rows.append((dict(spend), low, np.inf))
            spend_terms.append(spend)
            conv_terms.append(conv)
        else:
            s = cols.add(low, top)
            k = _rate(p) * p["cvr"]
            half = (p.get("saturation") or {}).get("half_spend")
            if half is None:
                spend_terms.append({s: 1.0})
                conv_terms.append({s: k})
            else:
                c = cols.add(0, np.inf)  # conversions, held under the curve
                f = lambda x, k=k, h=half: k * h * x / (h + x)  # noqa: E731
                df = lambda x, k=k, h=half: k * h * h / (h + x) ** 2  # noqa: E731
                if mode == "outer":
                    grid = [top * (i / CUTS) ** 2 for i in range(CUTS + 1)]
                    for t in grid:  # c <= f(t) + f'(t)(s - t)
                        rows.append(({c: 1.0, s: -df(t)}, -np.inf, f(t) - df(t) * t))
                else:  # chords: c <= the piecewise-linear interpolation (concave: max of chords' min)
                    grid = [top * (i / CUTS) ** 2 for i in range(CUTS + 1)]
                    for a, b in itertools.pairwise(grid):
                        if b <= a:
                            continue
                        slope = (f(b) - f(a)) / (b - a)
                        rows.append(({c: 1.0, s: -slope}, -np.inf, f(a) - slope * a))
                spend_terms.append({s: 1.0})
                conv_terms.append({c: 1.0})

    def combine(terms, weights=None):
        total: dict[int, float] = {}
        for index, term in enumerate(terms):
            w = 1.0 if weights is None else weights[index]
            for col, coef in term.items():
                total[col] = total.get(col, 0.0) + w * coef
        return total

    aovs = [p["aov"] for p in request["placements"]]
    spend = combine(spend_terms)
    conversions = combine(conv_terms)
    revenue = combine(conv_terms, aovs)

    rows.append((spend, budget if request.get("spend_all") else -np.inf, budget))
    for name, group in (request.get("groups") or {}).items():
        members = [
            t
            for t, p in zip(spend_terms, request["placements"], strict=True)
            if p.get("group") == name
        ]
        in_group = combine(members)
        high, low = group.get("max_share", 1.0), group.get("min_share", 0.0)
        row = dict(in_group)
        for col, coef in spend.items():
            row[col] = row.get(col, 0.0) - high * coef
        rows.append((row, -np.inf, 0))
        row = dict(in_group)
        for col, coef in spend.items():
            row[col] = row.get(col, 0.0) - low * coef
        rows.append((row, 0, np.inf))
    if request.get("min_roas") is not None:
        row = dict(revenue)
        for col, coef in spend.items():
            row[col] = row.get(col, 0.0) - request["min_roas"] * coef
        rows.append((row, 0, np.inf))
    target = request.get("target")
    if target:
        metric, value = next(iter(target.items()))
        rows.append((revenue if metric == "revenue" else conversions, value, np.inf))

    objective = request.get("objective", "revenue")
    n = len(cols.lower)
    cost = np.zeros(n)
    if objective == "min_spend":
        chosen, sign = spend, 1.0
    elif objective == "conversions":
        chosen, sign = conversions, -1.0
    elif objective == "revenue":
        chosen, sign = revenue, -1.0
    else:
        chosen = {col: request["margin"] * coef for col, coef in revenue.items()}
        for col, coef in spend.items():
            chosen[col] = chosen.get(col, 0.0) - coef
        sign = -1.0
    for col, coef in chosen.items():
        cost[col] = sign * coef

    matrix = np.zeros((len(rows), n))
    for i, (row, _, _) in enumerate(rows):
        for col, coef in row.items():
            matrix[i, col] = coef
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, [r[1] for r in rows], [r[2] for r in rows]),
        integrality=np.array(cols.integer),
        bounds=Bounds(np.array(cols.lower, float), np.array(cols.upper, float)),
        options={"mip_rel_gap": 1e-9},
    )
    if result.status == 2:
        return {"status": "infeasible", "objective_value": None}
    assert result.status == 0, result.message
    return {"status": "optimal", "objective_value": sign * result.fun}
