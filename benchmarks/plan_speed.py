"""One advertiser's plan and frontier against HiGHS alone on the final model, same run.

``python -m benchmarks.plan_speed [--cpu] [SIZES…]`` (default 10 1000 10000 placements).
``--cpu`` times CPU (``time.process_time``) instead of the wall clock: on a machine shared
with other work the wall clock charges a short run for whatever ran beside it.

For each size, two requests of saturating placements: budget-only, and the same with
groups (shares), capacities and a ROAS floor that binds. Ours: ``plan(request)`` in process,
everything included (arrays, every solve, exact figures), median of several runs.

HiGHS alone: the final model our plan needed, the chord LP with the breakpoints generated
for that request (``breakpoints.solve(...).final_program()``; for budget-only requests that LP
is what the closed form replaces, and for constrained ones of saturating placements what
Newton's method on the prices replaces: the smallest chord LP that gives the exact plan),
loaded cold into a fresh HiGHS and timed on ``run()`` alone, under every algorithm choice:
simplex (dual, primal), interior point, PDLP and HiGHS's own choice, each with presolve on
and off. The baseline is the fastest of them that reaches the optimum. The frontier (20
budgets) is compared with one plan and with HiGHS alone solving that final model from
scratch at each budget, best algorithm again.
"""

import copy
import random
import statistics
import sys
import time

from optimizer.single import breakpoints, frontier, parse_plan_request, plan
from optimizer.single.arrays import placements_of
from optimizer.single.sweep import budgets_between
from optimizer.solvers.highs import quiet_highs

ALGORITHMS = {
    "choose": {"solver": "choose"},
    "dual simplex": {"solver": "simplex", "simplex_strategy": 1},
    "primal simplex": {"solver": "simplex", "simplex_strategy": 4},
    "interior point": {"solver": "ipm"},
    "pdlp": {"solver": "pdlp"},
}
PRESOLVE = ("on", "off")
clock = time.perf_counter  # --cpu: time.process_time


def saturating_request(placements: int = 10, seed: int = 7) -> dict:
    rng = random.Random(seed)
    items = []
    for index in range(placements):
        cpm = index % 3 == 2
        item = {
            "id": f"placement_{index}",
            "pricing": "cpm" if cpm else "cpc",
            "price": round(rng.uniform(4, 20), 2) if cpm else round(rng.uniform(0.2, 2), 2),
            "cvr": round(rng.uniform(0.01, 0.08), 4),
            "aov": round(rng.uniform(30, 120), 2),
            "saturation": {"half_spend": round(rng.uniform(1000, 8000))},
            "max_spend": round(rng.uniform(4000, 20000)),
        }
        if cpm:
            item["ctr"] = round(rng.uniform(0.002, 0.02), 4)
        items.append(item)
    return {"budget": 4000.0 * placements, "objective": "revenue", "placements": items}


def constrained_request(placements: int = 10, seed: int = 7) -> dict:
    """The same placements in three groups with shares, a fifth of them capped by capacity,
    and a ROAS floor 10% above what the budget-only plan reaches (so it binds)."""
    request = copy.deepcopy(saturating_request(placements, seed))
    for index, item in enumerate(request["placements"]):
        item["group"] = ("search", "display", "video")[index % 3]
        if index % 5 == 0:  # capacity below the spend the budget-only plan gives it
            per_unit = item["price"] / (1000 if item["pricing"] == "cpm" else 1)
            item["capacity"] = round(1500 / per_unit)
    request["groups"] = {
        "search": {"max_share": 0.45},
        "display": {"min_share": 0.2, "max_share": 0.5},
    }
    reached = plan(parse_plan_request(request))
    request["min_roas"] = round(1.1 * reached.totals["roas"], 4)
    return request


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = clock()
        action()
        times.append(clock() - start)
    return statistics.median(times)


def paired_medians(first, second, runs: int) -> tuple[float, float]:
    """Medians of two actions timed turn about, so that both see the same machine load."""
    times = ([], [])
    for _ in range(runs):
        for action, bucket in zip((first, second), times, strict=True):
            start = clock()
            action()
            bucket.append(clock() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def final_program(request):
    found = breakpoints.solve(request, placements_of(request))
    return found.final_program()


def highs_alone(program, runs: int, budgets=None) -> tuple[float, str]:
    """Fastest (median over ``runs``) HiGHS run() on the model, over every algorithm choice;
    with ``budgets``, the sum over cold solves at each budget. Returns (seconds, choice)."""
    lp = program.raw.getLp()
    best = (float("inf"), "")
    for name, options in ALGORITHMS.items():
        for presolve in PRESOLVE:
            times = []
            for _ in range(runs):
                total = 0.0
                for budget in budgets or [None]:
                    # a choice slower than the best so far cannot be the baseline: stop it
                    limit = {"time_limit": 2 * best[0] + 0.1} if best[0] < float("inf") else {}
                    highs = quiet_highs({**options, "presolve": presolve, **limit})
                    highs.passModel(lp)
                    if budget is not None:
                        highs.changeRowBounds(0, -highs.getInfinity(), budget)
                    start = clock()
                    highs.run()
                    total += clock() - start
                    if highs.getModelStatus().name != "kOptimal":
                        total = float("inf")
                times.append(total)
            seconds = statistics.median(times)
            if seconds < best[0]:
                best = (seconds, f"{name}, presolve {presolve}")
    return best


def run(sizes: list[int]) -> list[tuple[str, float, float, str]]:
    rows = []
    for size in sizes:
        runs = 41 if size <= 100 else 5 if size <= 1000 else 1
        for label, make in (
            ("budget-only", saturating_request),
            ("constrained", constrained_request),
        ):
            request = parse_plan_request(make(size))
            ours = median_seconds(lambda request=request: plan(request), runs)
            alone, algorithm = highs_alone(final_program(request), runs)
            rows.append((f"plan, {size} placements, {label}", ours, alone, algorithm))
    request = parse_plan_request(saturating_request(10))
    budgets = budgets_between(5000, 100000, 20)
    ours_frontier, one_plan = paired_medians(
        lambda: frontier(request, budgets), lambda: plan(request), 41
    )
    wide = final_program(request.with_budget(100000))
    alone, algorithm = highs_alone(wide, 5, budgets)
    rows.append(("frontier, 20 budgets, 10 placements", ours_frontier, alone, algorithm))
    rows.append(("  the same frontier against one plan", ours_frontier, one_plan, "our plan"))
    constrained = parse_plan_request(constrained_request(10))
    ours_frontier, one_plan = paired_medians(
        lambda: frontier(constrained, budgets), lambda: plan(constrained), 11
    )
    rows.append(("frontier, 20 budgets, constrained", ours_frontier, one_plan, "our plan"))
    return rows


def main(argv: list[str] | None = None) -> None:
    global clock
    argv = sys.argv[1:] if argv is None else argv
    if "--cpu" in argv:
        clock = time.process_time
    sizes = [int(a) for a in argv if a != "--cpu"] or [10, 1000, 10000]
    what = "CPU" if clock is time.process_time else "wall-clock"
    print(f"One advertiser's plan (median {what} seconds; ratio = ours / baseline)")
    for name, ours, alone, algorithm in run(sizes):
        print(
            f"  {name:<42} ours {ours * 1000:9.2f} ms   baseline {alone * 1000:9.2f} ms "
            f"({algorithm})   ratio {ours / alone:6.2f}"
        )


if __name__ == "__main__":
    main()
