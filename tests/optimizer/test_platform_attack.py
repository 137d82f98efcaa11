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
