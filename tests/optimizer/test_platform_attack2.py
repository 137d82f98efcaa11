"""Hostile platform requests, second round: each test here once broke the contract."""

import numpy as np
import pytest
from scipy import sparse

from optimizer.errors import SolverFailed
from optimizer.highs import solve_lp_racing
from optimizer.platform import platform_plan
from optimizer.platform_validation import parse_platform_request

from .test_platform import reference_optimum


def _shelf(price: float, capacity: float, cvr_scale: float, objective: str) -> dict:
    """Ten merchants over five capped shelves: each needs all five, so sifting must add the
    rates its first round left out."""
    placements = [
        {"id": f"p{j}", "pricing": "cpc", "price": price, "capacity": capacity} for j in range(5)
    ]
    merchants = [
        {"id": f"b{i}", "budget": 1e4,
         "rates": {f"p{j}": {"cvr": cvr_scale * (0.9 - 0.1 * j - 0.01 * i), "aov": 1}
                   for j in range(5)}}
        for i in range(10)
    ]  # fmt: skip
    return {"objective": objective, "placements": placements, "merchants": merchants}


def _with_one_huge_merchant(data: dict) -> dict:
    data["placements"].append({"id": "big", "pricing": "cpc", "price": 1.0})
    rates = {"big": {"cvr": 1, "aov": 1e9}}
    data["merchants"].append({"id": "tiny", "budget": 0.01, "rates": rates})
    return data


@pytest.mark.parametrize(
    "data",
    [
        # a cent-budget merchant worth 1e9 a unit of spend set the "pays" tolerance for all:
        # the others' third to fifth rates never paid (objective 0.02% short, gap 40%)
        _with_one_huge_merchant(_shelf(1.0, 1000, 1.0, "revenue")),
        # conversions worth 1e-10 a unit of spend, under an absolute tolerance: none paid
        # (half the optimum, gap 97%)
        _shelf(1e4, 0.1, 1e-6, "conversions"),
    ],
    ids=["one-huge-merchant", "tiny-costs"],
)
def test_sifting_reaches_the_optimum_whatever_the_scale_of_the_costs(data):
    result = platform_plan(parse_platform_request(data), method="exact")
    expected = reference_optimum(data)
    assert result.objective_value == pytest.approx(expected, rel=1e-7)
    assert result.gap <= 1e-9


def test_a_racing_runner_that_fails_prints_no_traceback(capfd):
    # an entry past HiGHS's 1e15 limit: both runners failed, each printing its traceback on
    # standard error before the parent said "solver: HiGHS stopped without an answer"
    matrix = sparse.csc_matrix(np.array([[1e16, 1.0]]))
    with pytest.raises(SolverFailed):
        solve_lp_racing(np.ones(2), matrix, np.array([-np.inf]), np.array([1.0]),
                        np.zeros(2), np.full(2, np.inf), sense="max")  # fmt: skip
    assert "Traceback" not in capfd.readouterr().err
