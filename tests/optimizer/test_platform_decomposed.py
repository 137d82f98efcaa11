"""The decomposed platform plan against an independent fine piecewise-linear model, its bound
recomputed from the prices alone, the Ray engine, one merchant, and the Parquet form."""

import json
import subprocess
import sys

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scipy import sparse
from scipy.optimize import linprog

from optimizer.platform.planning import platform_plan
from optimizer.platform.validation import parse_platform_request
from optimizer.single.planning import plan
from optimizer.single.validation import parse_plan_request

GAP = 1e-3
PIECES = 80  # chords per saturated rate in the reference: far below 0.01% from the curve


def marketplace(seed: int, merchants=30, placements=5, saturated=0.6, floors=0.4, tight=True):
    rng = np.random.default_rng(seed)
    items = []
    for j in range(placements):
        cpm = j % 2 == 1
        item = {"id": f"p{j}", "pricing": "cpm" if cpm else "cpc",
                "price": float(rng.uniform(5, 20) if cpm else rng.uniform(0.3, 2))}  # fmt: skip
        if cpm:
            item["ctr"] = 0.01
        if tight or rng.random() < 0.5:
            item["capacity"] = float(rng.uniform(300, 3000) * (400 if cpm else 1))
        if rng.random() < saturated:
            item["saturation"] = {"half_spend": float(rng.uniform(200, 2000))}
        items.append(item)
    shops = []
    for m in range(merchants):
        rates = {}
        for j in rng.choice(placements, size=min(3, placements), replace=False):
            rate = {"cvr": float(rng.uniform(0.01, 0.08)), "aov": float(rng.uniform(20, 200))}
            if saturated and rng.random() < 0.2:
                rate["half_spend"] = float(rng.uniform(100, 3000))
            rates[f"p{j}"] = rate
        shop = {"id": f"m{m}", "budget": float(rng.uniform(300, 3000)), "rates": rates}
        if rng.random() < floors:
            shop["min_roas"] = float(rng.uniform(1, 5))
        shops.append(shop)
    return {"objective": "revenue", "placements": items, "merchants": shops}


def chord_model(request, prices=None):
    """The platform plan on chords below every curve (a feasible plan of the real problem is
    worth at least the chord LP's value). With ``prices``, capacities are priced instead of
    held: the merchants' own problems at those prices, i.e. the Lagrangian function."""
    rate_count = len(request.rate_merchant)
    budget = request.budget[request.rate_merchant]
    rate_of, lengths, gains, revenues = [], [], [], []
    a = request.clicks_per_spend * request.cvr * request.aov
    weight = 1 / request.aov if request.objective == "conversions" else np.ones(rate_count)
    for k in range(rate_count):
        h = request.half_spend[k]
        if np.isfinite(h):
            points = budget[k] * (np.arange(PIECES + 1) / PIECES) ** 2
            revenue = a[k] * h * points / (h + points)
        else:
            points, revenue = np.array([0, budget[k]]), np.array([0, a[k] * budget[k]])
        length = np.diff(points)
        slope = np.diff(revenue) / length
        rate_of += [k] * len(length)
        lengths.append(length)
        revenues.append(slope)
        gains.append(slope * weight[k])
    rate_of, lengths = np.array(rate_of), np.concatenate(lengths)
    revenue_slope, gain = np.concatenate(revenues), np.concatenate(gains)
    n = len(rate_of)
    merchant = request.rate_merchant[rate_of]
    placement = request.rate_placement[rate_of]
    units = request.units_per_spend[rate_of]
    if prices is not None:
        gain = gain - prices[placement] * units
    rows = [sparse.csr_matrix((np.ones(n), (merchant, np.arange(n))),
                              shape=(len(request.budget), n))]  # fmt: skip
    upper = [request.budget]
    floored = np.flatnonzero(~np.isnan(request.min_roas))
    if len(floored):
        row_of = np.full(len(request.budget), -1)
        row_of[floored] = np.arange(len(floored))
        keep = row_of[merchant] >= 0
        values = (request.min_roas[merchant] - revenue_slope)[keep]
        rows.append(sparse.csr_matrix((values, (row_of[merchant][keep], np.arange(n)[keep])),
                                      shape=(len(floored), n)))  # fmt: skip
        upper.append(np.zeros(len(floored)))
    capped = np.flatnonzero(np.isfinite(request.capacity))
    if prices is None and len(capped):
        row_of = np.full(len(request.placement_ids), -1)
        row_of[capped] = np.arange(len(capped))
        keep = row_of[placement] >= 0
        rows.append(sparse.csr_matrix((units[keep], (row_of[placement][keep], np.arange(n)[keep])),
                                      shape=(len(capped), n)))  # fmt: skip
        upper.append(request.capacity[capped])
    answer = linprog(-gain, A_ub=sparse.vstack(rows), b_ub=np.concatenate(upper),
                     bounds=np.column_stack([np.zeros(n), lengths]), method="highs")  # fmt: skip
    assert answer.status == 0, answer.message
    value = -answer.fun
    if prices is not None:
        value += float(prices[capped] @ request.capacity[capped])
    return value


def check_plan_keeps_every_constraint(request, result):
    spend = result.spend
    merchants = len(request.budget)
    total = np.bincount(request.rate_merchant, weights=spend, minlength=merchants)
    assert (total <= request.budget * (1 + 1e-6)).all(), "a merchant spends past its budget"
    figures = result.figures()
    revenue = np.bincount(request.rate_merchant, weights=figures["revenue"], minlength=merchants)
    floored = ~np.isnan(request.min_roas)
    assert (revenue[floored] >= request.min_roas[floored] * total[floored] * (1 - 1e-6)).all()
    sold = np.bincount(request.rate_placement, weights=figures["units"],
                       minlength=len(request.placement_ids))  # fmt: skip
    capped = np.isfinite(request.capacity)
    assert (sold[capped] <= request.capacity[capped] * (1 + 1e-6)).all(), "inventory oversold"


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("saturated", [0.0, 0.6, 1.0])
def test_decomposed_is_within_the_gap_of_the_true_optimum(seed, saturated):
    request = parse_platform_request(marketplace(seed, saturated=saturated))
    result = platform_plan(request, method="decomposed", gap=GAP)
    check_plan_keeps_every_constraint(request, result)
    reference = chord_model(request)  # a lower estimate of the true optimum
    assert result.bound >= reference * (1 - 1e-9), "the bound is below a feasible plan's value"
    assert result.objective_value >= reference * (1 - GAP), (
        f"plan {result.objective_value:.2f} is more than {GAP:.1%} below the reference "
        f"optimum {reference:.2f}"
    )
    assert result.gap <= GAP


@pytest.mark.parametrize("seed", range(3))
def test_the_bound_follows_from_the_published_prices_alone(seed):
    request = parse_platform_request(marketplace(seed + 10))
    answer = platform_plan(request, method="decomposed", gap=GAP).to_json()
    prices = np.array([answer["placement_prices"][p] for p in request.placement_ids])
    recomputed = chord_model(request, prices)  # the Lagrangian at those prices, from below
    assert recomputed <= answer["bound"] * (1 + 1e-9)
    assert (recomputed - answer["objective_value"]) / recomputed <= GAP


def test_linear_marketplace_decomposed_agrees_with_the_exact_programme():
    request = parse_platform_request(marketplace(3, merchants=60, saturated=0.0, floors=0.3))
    exact = platform_plan(request, method="exact")
    decomposed = platform_plan(request, method="decomposed", gap=GAP)
    assert exact.method == "exact" and decomposed.method == "decomposed"
    assert decomposed.objective_value >= exact.objective_value * (1 - GAP)
    assert decomposed.bound >= exact.objective_value * (1 - 1e-9)


def test_auto_takes_the_exact_programme_for_linear_rates_and_decomposes_saturated_ones():
    linear = platform_plan(parse_platform_request(marketplace(1, saturated=0.0)))
    saturated = platform_plan(parse_platform_request(marketplace(1, saturated=1.0)))
    assert (linear.method, saturated.method) == ("exact", "decomposed")
    assert linear.gap == pytest.approx(0.0, abs=1e-9)


def test_saturation_spreads_a_merchant_over_placements():
    data = marketplace(4, merchants=40, saturated=1.0, tight=False)
    answer = platform_plan(parse_platform_request(data)).to_json()
    placements_used = {}
    for row in answer["allocations"]:
        placements_used.setdefault(row["merchant"], set()).add(row["placement"])
    spread = sum(len(used) > 1 for used in placements_used.values())
    assert spread >= len(placements_used) * 0.6, "most merchants should use several placements"


def test_one_merchant_with_slack_inventory_gets_its_own_plan():
    placements = [
        {"id": "search", "pricing": "cpc", "price": 0.8, "capacity": 1e9,
         "saturation": {"half_spend": 1500}},
        {"id": "feed", "pricing": "cpm", "price": 12, "ctr": 0.012, "saturation": {"half_spend": 900}},
    ]  # fmt: skip
    rates = {"search": {"cvr": 0.05, "aov": 60}, "feed": {"cvr": 0.03, "aov": 55}}
    platform = platform_plan(parse_platform_request({
        "objective": "revenue", "placements": placements,
        "merchants": [{"id": "m1", "budget": 5000, "min_roas": 2.0, "rates": rates}],
    }))  # fmt: skip
    own = plan(parse_plan_request({
        "budget": 5000, "objective": "revenue", "min_roas": 2.0,
        "placements": [
            {"id": "search", "pricing": "cpc", "price": 0.8, "cvr": 0.05, "aov": 60,
             "saturation": {"half_spend": 1500}},
            {"id": "feed", "pricing": "cpm", "price": 12, "ctr": 0.012, "cvr": 0.03, "aov": 55,
             "saturation": {"half_spend": 900}},
        ],
    }))  # fmt: skip
    assert platform.objective_value == pytest.approx(own.objective_value, rel=0.005)


def test_the_ray_engine_gives_the_local_engine_s_answer():
    pytest.importorskip("ray")
    request = parse_platform_request(marketplace(7, merchants=40))
    local = platform_plan(request, method="decomposed", engine="local", gap=GAP)
    distributed = platform_plan(request, method="decomposed", engine="ray", gap=GAP, workers=2)
    assert distributed.engine == "ray"
    check_plan_keeps_every_constraint(request, distributed)
    assert distributed.objective_value == pytest.approx(local.objective_value, rel=GAP)
    assert distributed.objective_value >= local.bound * (1 - GAP)


def test_threads_give_the_one_thread_answer():
    from optimizer.platform.decomposed.local_engine import LocalEngine
    from optimizer.platform.decomposed.prices import decompose

    request = parse_platform_request(marketplace(11, merchants=60, saturated=0.7))
    answers = []
    for threads in (1, 3):
        engine = LocalEngine(request, threads)
        try:
            answers.append(decompose(request, engine, GAP))
        finally:
            engine.close()
    one, three = answers
    assert three.bound == pytest.approx(one.bound, rel=1e-9)
    assert three.value == pytest.approx(one.value, rel=1e-9)
    assert np.allclose(three.spend, one.spend, rtol=1e-7, atol=1e-6)


def test_a_large_local_plan_runs_on_every_core_a_small_one_on_one(monkeypatch):
    from optimizer.platform.decomposed import local_engine

    monkeypatch.setattr(local_engine.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert local_engine.threads_for(105_000) == 2
    assert local_engine.threads_for(49_999) == 1
    assert local_engine.threads_for(10_000_000) == 2


def write_directory(data: dict, directory) -> None:
    directory.mkdir()
    (directory / "request.json").write_text(json.dumps({"objective": data["objective"]}))
    items = data["placements"]
    pq.write_table(pa.table({
        "id": pa.array([p["id"] for p in items]).dictionary_encode(),
        "pricing": [p["pricing"] for p in items],
        "price": [p["price"] for p in items],
        "ctr": [p.get("ctr") for p in items],
        "capacity": [p.get("capacity") for p in items],
        "half_spend": [(p.get("saturation") or {}).get("half_spend") for p in items],
    }), directory / "placements.parquet")  # fmt: skip
    shops = data["merchants"]
    pq.write_table(pa.table({
        "id": [m["id"] for m in shops], "budget": [m["budget"] for m in shops],
        "min_roas": [m.get("min_roas") for m in shops],
    }), directory / "merchants.parquet")  # fmt: skip
    rows = [(m["id"], p, r) for m in shops for p, r in m["rates"].items()]
    pq.write_table(pa.table({
        "merchant": pa.array([m for m, _, _ in rows]).dictionary_encode(),
        "placement": [p for _, p, _ in rows],
        "cvr": [r["cvr"] for _, _, r in rows], "aov": [r["aov"] for _, _, r in rows],
        "half_spend": [r.get("half_spend") for _, _, r in rows],
    }), directory / "rates.parquet")  # fmt: skip


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "optimizer", "platform", *map(str, args)],
                          capture_output=True, text=True, timeout=300)  # fmt: skip


def test_parquet_in_and_out_give_the_json_answer(tmp_path):
    data = marketplace(5, merchants=25)
    (tmp_path / "request.json").write_text(json.dumps(data))
    write_directory(data, tmp_path / "market")
    from_json = run_cli(tmp_path / "request.json")
    from_parquet = run_cli(tmp_path / "market", "--out", tmp_path / "answer")
    assert from_json.returncode == 0 and from_parquet.returncode == 0, from_parquet.stderr
    json_answer, parquet_answer = json.loads(from_json.stdout), json.loads(from_parquet.stdout)
    assert parquet_answer["objective_value"] == pytest.approx(json_answer["objective_value"])
    allocations = pq.read_table(parquet_answer["allocations"]).to_pylist()
    assert len(allocations) == len(json_answer["allocations"])
    assert {"merchant", "placement", "spend", "units", "clicks", "conversions", "revenue"} <= set(
        allocations[0]
    )
    totals = pq.read_table(parquet_answer["merchant_totals"])
    assert totals.num_rows == 25


def test_a_bad_parquet_value_names_file_row_and_column(tmp_path):
    data = marketplace(5, merchants=5)
    data["merchants"][0]["rates"]["p0" if "p0" in data["merchants"][0]["rates"] else
                                  next(iter(data["merchants"][0]["rates"]))]["cvr"] = 1.5  # fmt: skip
    write_directory(data, tmp_path / "market")
    answer = run_cli(tmp_path / "market")
    assert answer.returncode == 2 and answer.stdout == ""
    assert (
        "rates.parquet[" in answer.stderr and "].cvr: must be a number from 0 to 1" in answer.stderr
    )


def test_simplex_and_interior_point_race_to_the_same_optimum():
    from optimizer.platform.model import build_arrays
    from optimizer.solvers.highs import solve_lp, solve_lp_racing

    request = parse_platform_request(marketplace(2, merchants=80, saturated=0.0))
    arrays = build_arrays(request)
    n = arrays.matrix.shape[1]
    program = (arrays.cost, arrays.matrix, arrays.row_lower, arrays.row_upper,
               np.zeros(n), np.full(n, np.inf))  # fmt: skip
    raced, winner = solve_lp_racing(*program, sense="max")
    alone = solve_lp(*program, sense="max")
    assert winner["solver"] in ("simplex", "ipm")
    assert raced.objective_value == pytest.approx(alone.objective_value, rel=1e-9)
    assert len(raced.row_duals) == arrays.matrix.shape[0]
