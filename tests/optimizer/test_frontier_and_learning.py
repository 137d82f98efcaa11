import pytest

from optimizer.single import frontier, parse_plan_request, plan
from optimizer.single.learning import (
    Observed,
    order_value_posterior,
    posterior_means,
    rate_posterior,
    request_with_learned_rates,
    update_placement,
)

from .test_cli import EXAMPLE


def test_frontier_points_equal_separate_plans():
    request = parse_plan_request({**EXAMPLE, "min_roas": None})
    budgets = [2000.0, 7000.0, 15000.0]
    points = frontier(request, budgets)
    for point, budget in zip(points, budgets, strict=True):
        alone = plan(request.with_budget(budget))
        assert point.objective_value == pytest.approx(alone.objective_value, rel=2e-3)


def test_frontier_marks_infeasible_budgets():
    placements = [{**EXAMPLE["placements"][0], "min_spend": 3000}, *EXAMPLE["placements"][1:]]
    request = parse_plan_request({**EXAMPLE, "placements": placements, "min_roas": None})
    low, high = frontier(request, [1000.0, 8000.0])
    assert low.status == "infeasible" and low.objective_value is None
    assert high.status == "optimal"


def test_rate_posterior_moves_from_prior_to_data():
    prior_only = rate_posterior(0.05, 100, 0, 0)
    assert prior_only.mean == pytest.approx(0.05)
    assert prior_only.low < 0.05 < prior_only.high
    lots = rate_posterior(0.05, 100, 2000, 100000)
    assert lots.mean == pytest.approx(2005 / 100100)
    assert lots.high - lots.low < prior_only.high - prior_only.low


def test_credible_interval_covers_ninety_percent():
    estimate = rate_posterior(0.5, 2, 30, 100)
    from scipy import stats

    mass = stats.beta.cdf(estimate.high, 31, 71) - stats.beta.cdf(estimate.low, 31, 71)
    assert mass == pytest.approx(0.90, abs=1e-9)


def test_order_value_is_the_observed_mean_once_orders_arrive():
    assert order_value_posterior(60, 100, 0, 0).mean == 60
    observed = order_value_posterior(60, 100, 40, 3000)
    assert observed.mean == 75
    assert observed.low < 75 < observed.high


def test_learned_rates_feed_the_next_plan_and_cautious_is_lower():
    results = {"search_top": Observed(spend=2000, clicks=2500, conversions=50, revenue=2500)}
    learned = request_with_learned_rates(EXAMPLE, results, strength=100)
    cautious = request_with_learned_rates(EXAMPLE, results, strength=100, cautious=True)
    search = learned["placements"][0]
    assert search["cvr"] == pytest.approx((0.05 * 100 + 50) / (100 + 2500))
    assert search["aov"] == 50
    assert cautious["placements"][0]["cvr"] < search["cvr"]
    assert learned["placements"][1] == EXAMPLE["placements"][1]  # no results: unchanged
    mean_plan = plan(parse_plan_request(learned))
    careful_plan = plan(parse_plan_request(cautious))
    assert careful_plan.totals["revenue"] <= mean_plan.totals["revenue"]


@pytest.mark.parametrize(
    "observed",
    [
        Observed(),
        Observed(spend=120, impressions=9_000, clicks=240, conversions=7, revenue=560),
        Observed(spend=50, impressions=100, clicks=300, conversions=400, revenue=0),
        Observed(spend=9, impressions=0, clicks=0, conversions=0, revenue=0),
    ],
)
@pytest.mark.parametrize("prior_ctr", [None, 0.01, 0.0])
def test_the_means_alone_equal_the_full_posteriors_means(observed, prior_ctr):
    """The platform run reads the means without the intervals: the same rates a store's own
    re-plan gets from the full posterior."""
    full = update_placement(prior_ctr, 0.03, 80.0, 100, observed).rates()
    assert posterior_means(prior_ctr, 0.03, 80.0, 100, observed) == pytest.approx(full)
    assert posterior_means(prior_ctr, 0.03, 80.0, 100, observed).keys() == full.keys()
