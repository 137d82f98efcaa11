"""Hostile and degenerate platform requests: each test here once broke the contract."""

import json

import pytest

from optimizer.platform import platform_plan
from optimizer.platform_validation import parse_platform_request

from .test_cli_fuzz import check_answer, run_main
from .test_platform import SHARED
from .test_platform_decomposed import check_plan_keeps_every_constraint, marketplace


def platform(data, *extra: str) -> tuple[int, str, str]:
    code, out, err = run_main("platform", json.dumps(data).encode(), *extra)
    check_answer(code, out, err)
    return code, out, err


@pytest.mark.parametrize("inside", [False, True])
def test_out_that_cannot_be_a_directory_is_invalid_not_internal(tmp_path, inside):
    existing = tmp_path / "answer.json"
    existing.write_text("{}")
    out_dir = existing / "sub" if inside else existing
    code, out, err = platform(SHARED, "--out", str(out_dir))
    assert code == 2 and out == ""
    assert err.startswith("--out: ")
    assert existing.read_text() == "{}"


def test_a_floor_holds_tightly_when_the_budget_dwarfs_the_usable_spend():
    # revenue(s) = (100 / 3)·s/(1 + s) >= 2·s: the floor binds at s = 100/6 - 1, far below
    # the budget; a floor tolerance counted in budgets once stopped its search 40% short.
    data = {
        "objective": "revenue",
        "placements": [{"id": "p", "pricing": "cpc", "price": 3, "saturation": {"half_spend": 1}}],
        "merchants": [
            {"id": "m", "budget": 1e8, "min_roas": 2, "rates": {"p": {"cvr": 1, "aov": 100}}}
        ],
    }
    result = platform_plan(parse_platform_request(data), method="decomposed", gap=1e-3)
    best = 2 * (100 / 6 - 1)
    assert result.gap <= 1e-3
    assert result.bound >= best * (1 - 1e-9)
    assert result.objective_value == pytest.approx(best, rel=1e-3)


def test_a_budget_far_past_the_inventory_is_planned_within_the_gap():
    # one merchant could buy every placement a billion times over; its linear rate's
    # stand-in and its master columns once grew with the budget until HiGHS gave up
    # ("solver: HiGHS stopped with status Unknown", exit 2 on a valid request)
    data = marketplace(1, merchants=8, placements=3)
    data["merchants"][0]["budget"] = 1e12
    request = parse_platform_request(data)
    result = platform_plan(request, method="decomposed", gap=1e-3)
    assert result.gap <= 1e-3
    check_plan_keeps_every_constraint(request, result)


def test_printed_rows_of_a_cheap_placement_keep_its_capacity():
    # 1,234,567 impressions at 0.0001 a thousand cost 0.1234567: rounded to six decimals the
    # printed spend (0.123457) bought 3 impressions past the capacity, thrice the 1e-6 allowed
    capacity = 1234567.0
    data = {
        "objective": "revenue",
        "placements": [{"id": "cheap", "pricing": "cpm", "price": 0.0001, "ctr": 0.01,
                        "capacity": capacity}],
        "merchants": [{"id": "m", "budget": 1, "rates": {"cheap": {"cvr": 0.05, "aov": 30}}}],
    }  # fmt: skip
    code, out, _ = platform(data)
    answer = json.loads(out)
    bought = sum(row["spend"] for row in answer["allocations"]) * 1000 / 0.0001
    assert code == 0 and bought <= capacity * (1 + 1e-6)


def test_a_small_objective_keeps_its_digits():
    data = {
        "objective": "revenue",
        "placements": [{"id": "p", "pricing": "cpc", "price": 1000}],
        "merchants": [{"id": "m", "budget": 0.01, "rates": {"p": {"cvr": 0.001, "aov": 0.01}}}],
    }
    code, out, _ = platform(data)
    answer = json.loads(out)
    assert code == 0
    assert answer["objective_value"] == pytest.approx(1e-10, rel=1e-9)
    assert answer["bound"] == pytest.approx(1e-10, rel=1e-9)
