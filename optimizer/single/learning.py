"""Learning from results: posterior rates for the next plan.

ctr and cvr are Beta-Binomial: the placement's prior rate counts as ``strength``
pseudo-observations, and each observed impression (for ctr) or click (for cvr) is a trial.
Average order value becomes the observed mean once there are conversions. Its interval treats
order values as exponential (a coefficient of variation of 1, wider than most catalogues) with
a scale-invariant prior, so n orders give 1/aov ~ Gamma(n, revenue): centred on the observed
mean and wide while n is small. Before any order, the prior mean stands, as sure as
``strength`` pseudo-orders.
"""

from dataclasses import dataclass

from scipy import stats

CREDIBLE = 0.90
_LOW, _HIGH = (1 - CREDIBLE) / 2, 1 - (1 - CREDIBLE) / 2


@dataclass(frozen=True)
class Estimate:
    mean: float
    low: float
    high: float
    observations: float  # trials behind it (impressions, clicks, orders), prior excluded

    def cautious(self) -> float:
        return self.low


@dataclass(frozen=True)
class Observed:
    """Results that came back for one placement (or one merchant on one placement)."""

    spend: float = 0.0
    impressions: float = 0.0
    clicks: float = 0.0
    conversions: float = 0.0
    revenue: float = 0.0


def rate_posterior(prior_rate: float, strength: float, successes: float, trials: float) -> Estimate:
    if trials < 0 or successes < 0 or successes > trials:
        raise ValueError("successes must lie between 0 and the number of trials")
    prior_rate = min(max(prior_rate, 1e-9), 1 - 1e-9)
    alpha = prior_rate * strength + successes
    beta = (1 - prior_rate) * strength + (trials - successes)
    low, high = stats.beta.ppf([_LOW, _HIGH], alpha, beta)
    return Estimate(alpha / (alpha + beta), float(low), float(high), trials)


def order_value_posterior(
    prior_aov: float, strength: float, conversions: float, revenue: float
) -> Estimate:
    """Order value: the observed mean once there are orders, with a Gamma-based interval."""
    if conversions <= 0 or revenue <= 0:
        shape, rate, mean = strength, strength * prior_aov, prior_aov
    else:
        shape, rate, mean = conversions, revenue, revenue / conversions
    # 1/aov ~ Gamma(shape, rate): the interval of aov is the inverse of its quantiles
    low = 1 / stats.gamma.ppf(_HIGH, shape, scale=1 / rate)
    high = 1 / stats.gamma.ppf(_LOW, shape, scale=1 / rate)
    return Estimate(mean, float(low), float(high), conversions)


@dataclass(frozen=True)
class PlacementEstimates:
    ctr: Estimate | None
    cvr: Estimate
    aov: Estimate

    def rates(self, cautious: bool = False) -> dict[str, float]:
        """The rates a plan should use: posterior means, or the lower ends to be careful."""
        pick = Estimate.cautious if cautious else (lambda estimate: estimate.mean)
        rates = {"cvr": pick(self.cvr), "aov": pick(self.aov)}
        if self.ctr is not None:
            rates["ctr"] = pick(self.ctr)
        return rates


def update_placement(
    prior_ctr: float | None,
    prior_cvr: float,
    prior_aov: float,
    strength: float,
    observed: Observed,
) -> PlacementEstimates:
    """Posterior ctr (when the placement has one), cvr and order value after ``observed``."""
    ctr = None
    if prior_ctr is not None:
        clicks = min(observed.clicks, observed.impressions)
        ctr = rate_posterior(prior_ctr, strength, clicks, observed.impressions)
    conversions = min(observed.conversions, observed.clicks)
    cvr = rate_posterior(prior_cvr, strength, conversions, observed.clicks)
    aov = order_value_posterior(prior_aov, strength, conversions, observed.revenue)
    return PlacementEstimates(ctr, cvr, aov)


def _rate_mean(prior_rate: float, strength: float, successes: float, trials: float) -> float:
    prior_rate = min(max(prior_rate, 1e-9), 1 - 1e-9)
    alpha = prior_rate * strength + successes
    return alpha / (alpha + (1 - prior_rate) * strength + (trials - successes))


def posterior_means(
    prior_ctr: float | None,
    prior_cvr: float,
    prior_aov: float,
    strength: float,
    observed: Observed,
) -> dict[str, float]:
    """``update_placement(...).rates()`` without the intervals: the posterior means alone, in
    plain arithmetic (the intervals' quantiles cost a scipy call each, and a platform run
    wants only the means, for every store and placement with results)."""
    if observed.impressions < 0 or observed.clicks < 0 or observed.conversions < 0:
        raise ValueError("successes must lie between 0 and the number of trials")
    conversions = min(observed.conversions, observed.clicks)
    rates = {"cvr": _rate_mean(prior_cvr, strength, conversions, observed.clicks)}
    if conversions <= 0 or observed.revenue <= 0:
        rates["aov"] = prior_aov
    else:
        rates["aov"] = observed.revenue / conversions
    if prior_ctr is not None:
        clicks = min(observed.clicks, observed.impressions)
        rates["ctr"] = _rate_mean(prior_ctr, strength, clicks, observed.impressions)
    return rates


def request_with_learned_rates(
    request_data: dict,
    results: dict[str, Observed],
    strength: float = 100,
    cautious: bool = False,
) -> dict:
    """A plan request (as JSON data) whose placements use what the results taught."""
    placements = []
    for item in request_data["placements"]:
        item = dict(item)
        if item["id"] in results:
            estimates = update_placement(
                item.get("ctr"), item["cvr"], item["aov"], strength, results[item["id"]]
            )
            item.update(estimates.rates(cautious))
        placements.append(item)
    return {**request_data, "placements": placements}
