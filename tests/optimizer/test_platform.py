"""The platform plan: independent formulation, capacity prices, the PuLP model of record."""

import json
import subprocess
import sys

import highspy
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from optimizer.platform.model import build_arrays, build_pulp, column_names, row_names
from optimizer.platform.planning import platform_plan
from optimizer.platform.validation import parse_platform_request
from optimizer.solvers.modelling import HighsModel

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def marketplaces(draw):
    placements = []
    for j in range(draw(st.integers(1, 4))):
        cpm = draw(st.booleans())
        item = {
            "id": f"p{j}",
            "pricing": "cpm" if cpm else "cpc",
            "price": draw(st.floats(0.2, 20)),
        }
        if cpm:
            item["ctr"] = draw(st.floats(0.001, 0.05))
        if draw(st.booleans()):  # tight inventories, so capacities bind
            item["capacity"] = draw(st.floats(50, 5000)) * (1000 if cpm else 1)
        placements.append(item)
    merchants = []
    for m in range(draw(st.integers(1, 6))):
        chosen = draw(
            st.lists(st.sampled_from(placements), min_size=1, unique_by=lambda p: p["id"])
        )
        rates = {}
        for p in chosen:
            rate = {"cvr": draw(st.floats(0.001, 0.1)), "aov": draw(st.floats(5, 200))}
            if p["pricing"] == "cpm" and draw(st.booleans()):
                rate["ctr"] = draw(st.floats(0.001, 0.05))
            rates[p["id"]] = rate
        merchant = {"id": f"m{m}", "budget": draw(st.floats(100, 10000)), "rates": rates}
        if draw(st.booleans()):
            merchant["min_roas"] = draw(st.floats(0.5, 8))
        merchants.append(merchant)
    return {
        "objective": draw(st.sampled_from(["revenue", "conversions"])),
        "placements": placements,
        "merchants": merchants,
    }


def reference_optimum(data: dict) -> float:
    """Straight from OPTIMIZER.md section 3 with scipy's linprog, sharing nothing with optimizer/."""
    placements = {p["id"]: p for p in data["placements"]}
    columns = [
        (m, pid) for m, merchant in enumerate(data["merchants"]) for pid in merchant["rates"]
    ]

    def clicks_per_spend(m, pid):
        p = placements[pid]
        if p["pricing"] == "cpc":
            return 1 / p["price"]
        ctr = data["merchants"][m]["rates"][pid].get("ctr", p.get("ctr"))
        return 1000 * ctr / p["price"]

    value = []
    for m, pid in columns:
        rate = data["merchants"][m]["rates"][pid]
        conversions = clicks_per_spend(m, pid) * rate["cvr"]
        value.append(
            conversions if data["objective"] == "conversions" else conversions * rate["aov"]
        )
    a_ub, b_ub = [], []
    for m, merchant in enumerate(data["merchants"]):
        a_ub.append([1.0 if cm == m else 0.0 for cm, _ in columns])
        b_ub.append(merchant["budget"])
        if "min_roas" in merchant:  # roas * spend - revenue <= 0
            row = []
            for cm, pid in columns:
                rate = data["merchants"][cm]["rates"][pid]
                revenue = clicks_per_spend(cm, pid) * rate["cvr"] * rate["aov"]
                row.append(merchant["min_roas"] - revenue if cm == m else 0.0)
            a_ub.append(row)
            b_ub.append(0.0)
    for pid, p in placements.items():
        if "capacity" in p:
            per_unit = (1000 if p["pricing"] == "cpm" else 1) / p["price"]
            a_ub.append([per_unit if cp == pid else 0.0 for _, cp in columns])
            b_ub.append(p["capacity"])
    result = linprog(
        -np.array(value), A_ub=np.array(a_ub), b_ub=b_ub, bounds=(0, None), method="highs"
    )
    assert result.status == 0
    return -result.fun


@SETTINGS
@given(marketplaces())
def test_platform_optimum_matches_an_independent_formulation(data):
    result = platform_plan(parse_platform_request(data))
    assert result.status == "optimal"
    expected = reference_optimum(data)
    assert result.objective_value == pytest.approx(expected, rel=1e-7, abs=1e-6)


@SETTINGS
@given(marketplaces())
def test_allocations_keep_budgets_floors_and_capacities(data):
    out = platform_plan(parse_platform_request(data)).to_json()
    placements = {p["id"]: p for p in data["placements"]}
    used: dict[str, float] = {}
    for row in out["allocations"]:
        assert row["spend"] > 0
        used[row["placement"]] = used.get(row["placement"], 0.0) + row["units"]
        assert row["placement"] in data["merchants"][int(row["merchant"][1:])]["rates"]
    for pid, units in used.items():
        assert units <= placements[pid].get("capacity", np.inf) * (1 + 1e-7) + 1e-6
    for merchant, totals in zip(data["merchants"], out["merchant_totals"], strict=True):
        assert totals["merchant"] == merchant["id"]
        assert totals["spend"] <= merchant["budget"] * (1 + 1e-9) + 1e-6
        if "min_roas" in merchant and totals["spend"] > 1e-6:
            assert totals["revenue"] >= merchant["min_roas"] * totals["spend"] * (1 - 1e-7) - 1e-5


SHARED = {
    "objective": "revenue",
    "placements": [
        {"id": "search_top", "pricing": "cpc", "price": 0.8, "capacity": 20000},
        {"id": "feed", "pricing": "cpm", "price": 12, "ctr": 0.012, "capacity": 900000},
    ],
    "merchants": [
        {"id": "m1", "budget": 30000, "min_roas": 2.0,
         "rates": {"search_top": {"cvr": 0.05, "aov": 60}, "feed": {"cvr": 0.02, "aov": 45, "ctr": 0.01}}},
        {"id": "m2", "budget": 12000,
         "rates": {"search_top": {"cvr": 0.04, "aov": 80}, "feed": {"cvr": 0.03, "aov": 40}}},
        {"id": "m3", "budget": 8000, "min_roas": 3.0, "rates": {"feed": {"cvr": 0.05, "aov": 70}}},
    ],
}  # fmt: skip


def with_capacity(data: dict, placement_id: str, extra: float) -> dict:
    placements = [
        {**p, "capacity": p["capacity"] + extra} if p["id"] == placement_id else p
        for p in data["placements"]
    ]
    return {**data, "placements": placements}


@pytest.mark.parametrize("placement_id", ["search_top", "feed"])
def test_placement_prices_are_the_value_of_one_more_unit(placement_id):
    base = platform_plan(parse_platform_request(SHARED))
    price = base.to_json()["placement_prices"][placement_id]
    assert price > 0, "the shared inventory is scarce in this marketplace"
    grown = platform_plan(parse_platform_request(with_capacity(SHARED, placement_id, 1)))
    assert grown.objective_value - base.objective_value == pytest.approx(price, rel=1e-6)


@SETTINGS
@given(marketplaces())
def test_placement_prices_bracket_the_gain_of_one_more_unit(data):
    """The optimum is concave in each capacity: one more unit is worth at most today's price
    and at least tomorrow's."""
    base = platform_plan(parse_platform_request(data))
    prices = base.to_json()["placement_prices"]
    for p in data["placements"]:
        if "capacity" not in p:
            assert prices[p["id"]] == 0
            continue
        grown_data = with_capacity(data, p["id"], 1)
        grown = platform_plan(parse_platform_request(grown_data))
        gain = grown.objective_value - base.objective_value
        later = grown.to_json()["placement_prices"][p["id"]]
        tolerance = 1e-6 * max(1.0, abs(base.objective_value))
        assert later - tolerance <= gain <= prices[p["id"]] + tolerance


@SETTINGS
@given(marketplaces())
def test_fast_path_is_the_pulp_model_exactly(data):
    request = parse_platform_request(data)
    arrays = build_arrays(request)
    names, rows = column_names(request), row_names(request, arrays)
    fast = {}
    coo = arrays.matrix.tocoo()
    for i, j, v in zip(coo.row, coo.col, coo.data, strict=True):
        fast[(rows[i], names[j])] = v

    pulp_model = HighsModel.from_pulp(build_pulp(request))
    lp = pulp_model.highs.getLp()
    pulp_names = [v.name for v in pulp_model.variables]
    assert pulp_model.row_names == rows
    recorded = {}
    starts, index, values = lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_
    rowwise = lp.a_matrix_.format_ == highspy.MatrixFormat.kRowwise
    for outer in range(lp.num_row_ if rowwise else lp.num_col_):
        for k in range(starts[outer], starts[outer + 1]):
            i, j = (outer, index[k]) if rowwise else (index[k], outer)
            recorded[(rows[i], pulp_names[j])] = values[k]
    assert recorded.keys() == fast.keys()
    for key, value in fast.items():
        assert recorded[key] == pytest.approx(value, rel=1e-12)
    cost = dict(zip(pulp_names, lp.col_cost_, strict=True))
    assert [cost[n] for n in names] == pytest.approx(arrays.cost.tolist(), rel=1e-12)
    assert list(lp.row_upper_) == pytest.approx(arrays.row_upper.tolist(), rel=1e-12)
    assert list(lp.row_lower_) == pytest.approx(arrays.row_lower.tolist(), rel=1e-12)


def test_cbc_agrees_with_the_fast_path():
    fast = platform_plan(parse_platform_request(SHARED))
    cbc = platform_plan(parse_platform_request(SHARED), "cbc")
    assert cbc.objective_value == pytest.approx(fast.objective_value, rel=1e-7)
    assert cbc.to_json()["placement_prices"] == pytest.approx(
        fast.to_json()["placement_prices"], rel=1e-6
    )


def optimizer(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "optimizer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_platform_command(tmp_path):
    lp_file = tmp_path / "platform.lp"
    run = optimizer("platform", "-", "--write-lp", str(lp_file), stdin=json.dumps(SHARED))
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["status"] == "optimal"
    assert {row["merchant"] for row in out["merchant_totals"]} == {"m1", "m2", "m3"}
    assert set(out["placement_prices"]) == {"search_top", "feed"}
    first = out["allocations"][0]
    assert set(first) == {
        "merchant",
        "placement",
        "spend",
        "units",
        "clicks",
        "conversions",
        "revenue",
    }
    text = lp_file.read_text()
    assert "capacity.search_top:" in text and "min_roas.m1:" in text and "budget.m3:" in text


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["merchants"][1].update(budget=-4), "merchants[1].budget: must be a number from 0.01 to 1e+12"),
        (lambda d: d["merchants"][0]["rates"]["feed"].update(cvr=1.5), "merchants[0].rates.feed.cvr: must be a number between 0 and 1"),
        (lambda d: d["merchants"][0]["rates"]["feed"].update(cvr="high"), "merchants[0].rates.feed.cvr: must be a number between 0 and 1"),
        (lambda d: d["merchants"][2]["rates"].update(billboard={"cvr": 0.1, "aov": 5}), "merchants[2].rates.billboard: is not a placement of this request"),
        (lambda d: d["merchants"][2]["rates"]["feed"].update(cpv=3), "merchants[2].rates.feed.cpv: is not a known field"),
        (lambda d: d["merchants"][2].update(id="m1"), "merchants[2].id: duplicates another merchant's id 'm1'"),
        (lambda d: d["placements"][1].pop("ctr"), "merchants[1].rates.feed.ctr: is required: the placement is cpm and has no ctr of its own"),
        (lambda d: d["placements"][0].update(pricing="slot"), "placements[0].pricing: must be cpc or cpm on the platform plan"),
        (lambda d: d.update(objective="profit"), "objective: must be one of revenue, conversions"),
    ],
)  # fmt: skip
def test_invalid_platform_requests_exit_2_with_paths(change, expected):
    data = json.loads(json.dumps(SHARED))
    change(data)
    run = optimizer("platform", "-", stdin=json.dumps(data))
    assert run.returncode == 2 and run.stdout == ""
    assert expected in run.stderr.splitlines()
