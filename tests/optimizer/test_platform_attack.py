"""Hostile and degenerate platform requests: each test here once broke the contract."""

import json

import pytest

from optimizer.platform.planning import platform_plan
from optimizer.platform.validation import parse_platform_request

from .test_cli_fuzz import check_answer, run_main
from .test_platform import SHARED
from .test_platform_decomposed import (
    check_plan_keeps_every_constraint,
    chord_model,
    marketplace,
)


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


def test_a_sold_out_linear_placement_is_priced_until_nobody_buys():
    data = {
        "objective": "conversions",
        "placements": [{"id": "p", "pricing": "cpm", "price": 12, "ctr": 1, "capacity": 0}],
        "merchants": [{"id": "m", "budget": 1000, "rates": {"p": {"cvr": 0.1, "aov": 100}}}],
    }
    result = platform_plan(parse_platform_request(data), method="decomposed", gap=1e-3)
    assert result.objective_value == 0 and result.gap <= 1e-3


def test_master_columns_of_budgets_far_past_a_cheap_placement_are_taken():
    # found by hypothesis: budgets of 1e12 on impressions at 0.01 a thousand made master
    # columns of 1e17 units, which HiGHS refused silently; the next solve then failed with
    # "cannot reshape array of size 49 into shape (8,7)" (exit 3)
    def rate(cvr, aov, half=None):
        return {"cvr": cvr, "aov": aov, **({"half_spend": half} if half else {})}

    placements = [
        {"id": "p0", "pricing": "cpm", "price": 0.01, "ctr": 0.5, "capacity": 1e5},
        {"id": "p1", "pricing": "cpm", "price": 0.5, "ctr": 0.01, "capacity": 1e7,
         "saturation": {"half_spend": 100}},
    ]  # fmt: skip
    merchants = [
        {"id": "m0", "budget": 1000, "rates": {"p1": rate(0.1, 100), "p0": rate(0.1, 0.01, 500)}},
        {"id": "m1", "budget": 100, "min_roas": 50, "rates": {"p0": rate(0, 1e4)}},
        {"id": "m2", "budget": 1e12, "min_roas": 0.5,
         "rates": {"p0": rate(0.02, 1e4), "p1": rate(0.1, 1e4, 10)}},
        {"id": "m3", "budget": 1, "rates": {"p1": rate(0, 20)}},
        {"id": "m4", "budget": 1e12, "min_roas": 1e4,
         "rates": {"p1": rate(0.02, 1e4), "p0": rate(1, 20)}},
        {"id": "m5", "budget": 1e12, "rates": {"p0": rate(0, 1)}},
        {"id": "m6", "budget": 100, "min_roas": 1, "rates": {"p0": rate(1, 1)}},
    ]  # fmt: skip
    data = {"objective": "conversions", "placements": placements, "merchants": merchants}
    request = parse_platform_request(data)
    result = platform_plan(request, method="decomposed", gap=1e-3)
    check_plan_keeps_every_constraint(request, result)
    assert result.bound >= result.objective_value > 0


def _hypothesis_marketplace(last_merchant: dict) -> dict:
    """Found by hypothesis: a linear rate whose return equals its merchant's floor (m0), a
    floor the λ-only answer breaks with a linear rate far from paying (m3), a cheap capped
    placement (p1: 100 clicks for 0.01 in all)."""

    def rate(cvr, aov, half=None):
        return {"cvr": cvr, "aov": aov, **({"half_spend": half} if half else {})}

    placements = [
        {"id": "p0", "pricing": "cpm", "price": 12, "ctr": 0.001, "capacity": 1000,
         "saturation": {"half_spend": 1}},
        {"id": "p1", "pricing": "cpc", "price": 0.0001, "capacity": 100},
        {"id": "p2", "pricing": "cpm", "price": 3, "ctr": 0.01, "saturation": {"half_spend": 1000}},
    ]  # fmt: skip
    merchants = [
        {"id": "m0", "budget": 100, "min_roas": 1e4,
         "rates": {"p2": rate(0.1, 100, 500), "p1": rate(1, 1), "p0": rate(1, 20, 500)}},
        {"id": "m1", "budget": 100, "rates": {"p0": rate(0.02, 20), "p1": rate(0, 100, 500)}},
        {"id": "m2", "budget": 1000, "min_roas": 5,
         "rates": {"p0": rate(0.001, 1), "p2": rate(0.02, 1e4), "p1": rate(0.1, 1e4)}},
        {"id": "m3", "budget": 1e5, "min_roas": 0.5,
         "rates": {"p0": rate(0, 20), "p2": rate(1, 0.01, 0.01), "p1": rate(0.1, 20)}},
        {"id": "m4", "budget": 1000, "min_roas": 0, "rates": {"p1": rate(0.001, 20)}},
        {"id": "m5", "budget": 0.01, "min_roas": 2,
         "rates": {"p0": rate(0, 100), "p2": rate(0.1, 1e4)}},
        {"id": "m6", "budget": 1e8, "rates": {"p1": rate(0.1, 1e4)}},
        last_merchant,
    ]  # fmt: skip
    return {"objective": "conversions", "placements": placements, "merchants": merchants}


@pytest.mark.parametrize(
    "last_merchant",
    [
        {"id": "m7", "budget": 1000, "rates": {"p1": {"cvr": 0.1, "aov": 100}}},
        {"id": "m7", "budget": 1e12, "rates": {"p2": {"cvr": 0.1, "aov": 100}}},
    ],
)
def test_floors_at_a_linear_rate_s_own_return_are_planned_within_the_gap(last_merchant):
    # were: gap 9.7% and 3.0% reported as optimal; on the way to a fix, a plan that oversold
    # p1 (the best plan's prices solved again from other warm starts)
    request = parse_platform_request(_hypothesis_marketplace(last_merchant))
    result = platform_plan(request, method="decomposed", gap=1e-3)
    check_plan_keeps_every_constraint(request, result)
    assert result.gap <= 1e-3
    assert result.bound >= chord_model(request) * (1 - 1e-9)
