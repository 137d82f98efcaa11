"""Cases whose optimum is known in closed form or published, compared with pytest.approx."""

import math

import pytest

from optimizer.single import parse_plan_request, plan


def test_published_media_selection_lp():
    """Two media, a budget and frequency caps, maximising exposures (the classic textbook LP:
    newspaper ads at 190 reaching 5,700 each, at most 24; radio ads at 590 reaching 6,700,
    at most 32; a budget of 14,830). Published optimum: all 24 newspaper ads, 17.407 radio
    ads, 253,425.4 exposures."""
    request = {
        "budget": 14830,
        "objective": "conversions",
        "placements": [
            # one "click" per ad bought, cvr 1: conversions count exposures / reach per ad
            {"id": "newspaper", "pricing": "cpc", "price": 190 / 5700, "cvr": 1, "aov": 1,
             "capacity": 24 * 5700},
            {"id": "radio", "pricing": "cpc", "price": 590 / 6700, "cvr": 1, "aov": 1,
             "capacity": 32 * 6700},
        ],
    }  # fmt: skip
    result = plan(parse_plan_request(request))
    assert result.objective_value == pytest.approx(253_425.4, abs=0.1)
    newspaper, radio = result.allocations
    assert newspaper.spend == pytest.approx(24 * 190)
    assert radio.spend == pytest.approx(14830 - 24 * 190)
    assert "newspaper.capacity" in result.binding and "budget" in result.binding
    # one more unit of budget buys radio exposure at 6,700 / 590 per unit
    assert result.shadow_prices["budget"] == pytest.approx(6700 / 590, rel=1e-6)


def test_diminishing_returns_equalise_marginal_returns():
    """Two saturating placements, k*h*s/(h+s): at the optimum both marginal returns equal
    the budget's shadow price, so s_i = sqrt(k_i h_i^2 / lambda) - h_i, with lambda fixed by
    the budget. Here k = (4, 3), h = (1000, 3000), budget 5000."""
    k1, h1, k2, h2, budget = 4.0, 1000.0, 3.0, 3000.0, 5000.0

    def spends(lam):
        return (
            max(math.sqrt(k1 * h1 * h1 / lam) - h1, 0),
            max(math.sqrt(k2 * h2 * h2 / lam) - h2, 0),
        )

    low, high = 1e-6, 10.0
    for _ in range(200):  # bisection on lambda until the budget is spent
        mid = (low + high) / 2
        low, high = (mid, high) if sum(spends(mid)) > budget else (low, mid)
    s1, s2 = spends(low)
    best = k1 * h1 * s1 / (h1 + s1) + k2 * h2 * s2 / (h2 + s2)

    request = {
        "budget": budget,
        "placements": [
            {
                "id": "a",
                "pricing": "cpc",
                "price": 1,
                "cvr": 1,
                "aov": k1,
                "saturation": {"half_spend": h1},
            },
            {
                "id": "b",
                "pricing": "cpc",
                "price": 1,
                "cvr": 1,
                "aov": k2,
                "saturation": {"half_spend": h2},
            },
        ],
    }
    result = plan(parse_plan_request(request))
    assert result.objective_value == pytest.approx(best, rel=1e-3)
    assert result.objective_value <= best + 1e-9
    assert result.shadow_prices["budget"] == pytest.approx(low, rel=0.02)
    for allocation in result.allocations:
        assert allocation.marginal_roas == pytest.approx(low, rel=0.02)


def test_s_shaped_curve_is_solved_to_its_global_optimum():
    """A slow start, then growth, then saturation. A local method stopping at the first
    segment (or splitting the budget) misses the optimum: spend it all on the S-curve's
    steep middle instead."""
    request = {
        "budget": 3000,
        "placements": [
            {"id": "s_curve", "pricing": "curve", "cvr": 1, "aov": 1,
             "points": [[0, 0], [1000, 100], [2000, 3100], [4000, 3600]]},
            {"id": "steady", "pricing": "cpc", "price": 1, "cvr": 1, "aov": 1.2},
        ],
    }  # fmt: skip
    result = plan(parse_plan_request(request))
    # options: all on steady = 3600; s_curve to 2000 (3100) + 1000 steady (1200) = 4300;
    # s_curve to 3000 (3350) = 3350. The global optimum is 4300.
    assert result.objective_value == pytest.approx(4300)
    assert result.allocations[0].spend == pytest.approx(2000)
    assert result.optimality_gap is None or result.optimality_gap < 1e-9


def test_whole_slots_only():
    request = {
        "budget": 5000,
        "placements": [
            {"id": "banner", "pricing": "slot", "price": 2000, "impressions_per_slot": 150000,
             "ctr": 0.004, "cvr": 0.02, "aov": 70, "capacity": 7},
        ],
    }  # fmt: skip
    result = plan(parse_plan_request(request))
    assert result.allocations[0].units == 2
    assert result.allocations[0].spend == 4000
    assert result.totals["revenue"] == pytest.approx(2 * 150000 * 0.004 * 0.02 * 70)
