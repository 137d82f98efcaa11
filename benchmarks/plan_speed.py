"""One advertiser's plan and frontier against HiGHS alone on the same model, same run.

HiGHS alone: the plan's final model (chords, polished around the optimum) handed to highspy
as arrays and solved from scratch; the time is HiGHS's run() and nothing else. The frontier's
baseline solves that model from scratch at each of the 20 budgets.
"""

import random
import statistics
import time

from optimizer import frontier, parse_plan_request, plan
from optimizer.frontier import budgets_between
from optimizer.model import CHORDS, build_model
from optimizer.solver import HighsModel

RUNS = 41


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
    return {"budget": 40000, "objective": "revenue", "placements": items}


def median_seconds(action, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def highs_alone(problem, budgets=None) -> float:
    """Seconds HiGHS's run() takes on ``problem`` (summed over ``budgets`` if given), cold."""
    total = 0.0
    for budget in budgets or [None]:
        model = HighsModel.from_pulp(problem)
        if budget is not None:
            model.set_row_bounds("budget", -float("inf"), budget)
        start = time.perf_counter()
        model.highs.run()
        total += time.perf_counter() - start
    return total


def run() -> list[tuple[str, float, float]]:
    request = parse_plan_request(saturating_request())
    result = plan(request)
    focus = {a.id: a.spend for a in result.allocations}
    final_model = build_model(request, CHORDS, focus=focus)

    ours_plan = median_seconds(lambda: plan(request))
    alone_plan = statistics.median(highs_alone(final_model.problem) for _ in range(RUNS))

    budgets = budgets_between(5000, 100000, 20)
    wide = build_model(request.with_budget(100000), CHORDS)
    ours_frontier = median_seconds(lambda: frontier(request, budgets), runs=11)
    alone_frontier = statistics.median(highs_alone(wide.problem, budgets) for _ in range(11))
    return [
        ("plan, 10 placements with saturation", ours_plan, alone_plan),
        ("frontier, 20 budgets", ours_frontier, alone_frontier),
    ]


def main() -> None:
    print("One advertiser's plan (median seconds; ratio = ours / HiGHS alone)")
    for name, ours, alone in run():
        print(
            f"  {name:<40} ours {ours * 1000:8.2f} ms   "
            f"HiGHS alone {alone * 1000:8.2f} ms   ratio {ours / alone:6.2f}"
        )


if __name__ == "__main__":
    main()
