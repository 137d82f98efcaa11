"""The exact path's sifting: the same optimum as the whole programme, and a bound that holds."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.platform.exact import sifting as platform_sifting
from optimizer.platform.exact.sifting import certified_bound, solve_exact
from optimizer.platform.model import build_arrays
from optimizer.platform.planning import platform_plan
from optimizer.platform.validation import parse_platform_request
from optimizer.solvers.highs import Solution, solve_lp

from .test_platform import reference_optimum

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def wide_marketplaces(draw):
    """Merchants with rates on many placements, so that sifting starts from a few of each
    merchant's and must find the rest; tight inventories and floors of every kind."""
    placements = []
    for j in range(draw(st.integers(6, 12))):
        cpm = draw(st.booleans())
        item = {"id": f"p{j}", "pricing": "cpm" if cpm else "cpc",
                "price": draw(st.floats(0.2, 20))}  # fmt: skip
        if cpm:
            item["ctr"] = draw(st.floats(0.001, 0.05))
        if draw(st.integers(0, 3)):
            item["capacity"] = draw(st.floats(20, 3000)) * (1000 if cpm else 1)
        placements.append(item)
    merchants = []
    for m in range(draw(st.integers(2, 12))):
        chosen = draw(
            st.lists(st.sampled_from(placements), min_size=5, unique_by=lambda p: p["id"])
        )
        rates = {p["id"]: {"cvr": draw(st.floats(0.001, 0.1)), "aov": draw(st.floats(5, 200))}
                 for p in chosen}  # fmt: skip
        merchant = {"id": f"m{m}", "budget": draw(st.floats(100, 20000)), "rates": rates}
        if draw(st.booleans()):
            merchant["min_roas"] = draw(st.floats(0.5, 10))
        merchants.append(merchant)
    objective = draw(st.sampled_from(["revenue", "conversions"]))
    return {"objective": objective, "placements": placements, "merchants": merchants}


def whole_optimum(arrays) -> float:
    count = arrays.matrix.shape[1]
    solution = solve_lp(
        arrays.cost, arrays.matrix, arrays.row_lower, arrays.row_upper,
        np.zeros(count), np.full(count, np.inf), sense="max",
    )  # fmt: skip
    return solution.objective_value


@SETTINGS
@given(wide_marketplaces())
def test_sifting_finds_the_whole_programmes_optimum(data):
    request = parse_platform_request(data)
    arrays = build_arrays(request)
    found = solve_exact(arrays, request.rate_merchant)
    expected = reference_optimum(data)
    tolerance = 1e-7 * max(1.0, abs(expected))
    assert found.solution.objective_value == pytest.approx(expected, rel=1e-7, abs=1e-6)
    assert expected - tolerance <= found.bound <= expected + tolerance


@SETTINGS
@given(wide_marketplaces())
def test_the_plan_says_its_bound_and_keeps_every_constraint(data):
    request = parse_platform_request(data)
    result = platform_plan(request, method="exact")
    answer = result.to_json()
    assert answer["bound"] >= answer["objective_value"] - 1e-9 * abs(answer["bound"])
    assert answer["gap"] <= 1e-7
    spent = {m["id"]: 0.0 for m in data["merchants"]}
    revenue = dict.fromkeys(spent, 0.0)
    units = {p["id"]: 0.0 for p in data["placements"]}
    for row in answer["allocations"]:
        spent[row["merchant"]] += row["spend"]
        revenue[row["merchant"]] += row["revenue"]
        units[row["placement"]] += row["units"]
    for merchant in data["merchants"]:
        assert spent[merchant["id"]] <= merchant["budget"] * (1 + 1e-6)
        if "min_roas" in merchant:
            assert revenue[merchant["id"]] >= merchant["min_roas"] * spent[merchant["id"]] * (
                1 - 1e-6
            )
    for placement in data["placements"]:
        if "capacity" in placement:
            assert units[placement["id"]] <= placement["capacity"] * (1 + 1e-6)


@SETTINGS
@given(wide_marketplaces(), st.integers(0, 2**32 - 1))
def test_the_certified_bound_holds_for_any_duals(data, seed):
    """Lifting the budget prices makes any duals a certificate: random ones, wrong signs
    included, never bound below the optimum."""
    request = parse_platform_request(data)
    arrays = build_arrays(request)
    duals = np.random.default_rng(seed).normal(0, 5, arrays.matrix.shape[0])
    solution = Solution("optimal", 0.0, *(np.empty(0),) * 2, duals, np.empty(0))
    bound = certified_bound(arrays, request.rate_merchant, arrays.matrix.T.tocsr(), solution)
    optimum = whole_optimum(arrays)
    assert bound >= optimum - 1e-9 * max(1.0, abs(optimum))


@settings(max_examples=5, deadline=None)
@given(wide_marketplaces())
def test_when_sifting_runs_out_of_rounds_the_whole_programme_answers(data):
    request = parse_platform_request(data)
    arrays = build_arrays(request)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(platform_sifting, "ROUNDS", 0)
        found = solve_exact(arrays, request.rate_merchant)
    assert found.rounds == 0 and found.columns == arrays.matrix.shape[1]
    assert found.solution.objective_value == pytest.approx(whole_optimum(arrays), rel=1e-9)
    assert found.bound == pytest.approx(found.solution.objective_value, rel=1e-7)


def linear_market(merchants: int, placements: int = 12, seed: int = 1) -> dict:
    rng = np.random.default_rng(seed)
    items = [{"id": f"p{j}", "pricing": "cpc", "price": float(rng.uniform(0.2, 2)),
              "capacity": float(rng.uniform(20, 200) * merchants)} for j in range(placements)]  # fmt: skip
    shops = []
    for m in range(merchants):
        chosen = rng.choice(placements, size=int(rng.integers(4, placements)), replace=False)
        rates = {f"p{j}": {"cvr": float(rng.uniform(0.01, 0.08)), "aov": float(rng.uniform(20, 200))}
                 for j in chosen}  # fmt: skip
        shop = {"id": f"m{m}", "budget": float(rng.uniform(100, 5000)), "rates": rates}
        if rng.random() < 0.4:
            shop["min_roas"] = float(rng.uniform(1, 6))
        shops.append(shop)
    return {"objective": "revenue", "placements": items, "merchants": shops}


def test_a_samples_prices_start_a_large_market_at_the_same_optimum():
    """From 2,000 merchants on, the first rates are picked at a sample's prices."""
    request = parse_platform_request(linear_market(2_500))
    result = platform_plan(request, method="exact")
    assert result.objective_value == pytest.approx(whole_optimum(build_arrays(request)), rel=1e-9)
    assert result.gap <= 1e-9


def test_the_race_winners_basis_is_where_the_next_solve_starts():
    from optimizer.solvers.highs import LinearProgram

    request = parse_platform_request(linear_market(300))
    arrays = build_arrays(request)
    count = arrays.matrix.shape[1]
    program = LinearProgram(
        arrays.cost, arrays.matrix, arrays.row_lower, arrays.row_upper,
        np.zeros(count), np.full(count, np.inf), sense="max",
    )  # fmt: skip
    raced, winner = program.solve_racing()
    assert winner in ({"solver": "simplex"}, {"solver": "ipm"})
    again = program.solve()
    assert again.objective_value == pytest.approx(raced.objective_value, rel=1e-12)
    assert again.iterations == 0, "the winner's optimal basis was loaded here"


def test_sifting_gives_highs_a_fraction_of_a_wide_markets_rates():
    """What sifting is for: at a vertex each merchant spends on one or two of its rates, so
    most rates never enter the programme. (Not a property of every market: in a tiny one of
    identical rates, ties can bring every rate in, which hypothesis found; the optimum is
    still exact there, as the property test above checks.)"""
    import random

    rng = random.Random(5)
    placements = [{"id": f"p{i}", "pricing": "cpc", "price": round(rng.uniform(0.2, 2), 2),
                   "capacity": rng.uniform(500, 3000)} for i in range(20)]  # fmt: skip
    merchants = [
        {"id": f"m{m}", "budget": rng.uniform(100, 2000),
         "rates": {p["id"]: {"cvr": rng.uniform(0.01, 0.08), "aov": rng.uniform(20, 120)}
                   for p in placements if rng.random() < 0.7}}
        for m in range(300)
    ]  # fmt: skip
    request = parse_platform_request(
        {"objective": "revenue", "placements": placements, "merchants": merchants}
    )
    arrays = build_arrays(request)
    found = solve_exact(arrays, request.rate_merchant)
    assert found.columns < arrays.matrix.shape[1] / 2, "most rates never given to HiGHS"
    assert found.solution.status == "optimal"
