"""From results to curves: the holdout fit, the full fit, and the answer as section 5 has it."""

import time
from dataclasses import dataclass, field

import numpy as np

from .aov import pooled_aov
from .panel import Panel, panel_from_columns
from .reading import Results

METHOD = "numpyro-laplace-eb"
HOLDOUT_WEEKS = 4
EXPLORED_REACH = 0.5  # a curve whose effective spend never passed half of h is unexplored
EXPLORED_CONVERSIONS = 10  # nor is one with too few conversions to show any bend


@dataclass
class FitResult:
    curves: list[dict]
    placements: list[dict]
    fit: dict
    panel: Panel = field(repr=False)

    def to_json(self) -> dict:
        return {"curves": self.curves, "placements": self.placements, "fit": self.fit}


def fit_results(results: Results, iterations: int = 60) -> FitResult:
    from .model import Z90, effective_spend_np, fit_posterior, predict

    started = time.perf_counter()
    panel = panel_from_columns(
        results.store, results.placement, results.week_day, results.spend,
        results.conversions, results.revenue,
    )  # fmt: skip
    holdout = HOLDOUT_WEEKS if panel.weeks >= 3 * HOLDOUT_WEEKS else 0
    warm, holdout_error = None, None
    if holdout:
        training = panel.observed.copy()
        training[..., -holdout:] = False
        if training.any():
            posterior, warm = fit_posterior(panel, observed=training, iterations=iterations)
            predicted = predict(posterior, panel.spend)
            hidden = panel.observed & ~training
            actual = panel.conversions[hidden]
            if actual.sum() > 0:
                error = np.abs(actual - predicted[hidden]).sum() / actual.sum()
                holdout_error = round(float(error), 4)
        else:
            holdout = 0
    posterior, _ = fit_posterior(panel, iterations=iterations, init=warm)
    aov, placement_aov = pooled_aov(panel)
    carry = 1.0 / (1.0 + np.exp(-posterior.carry_loc))
    effective = effective_spend_np(panel.spend, carry)
    curves = []
    used = np.argwhere(panel.used)
    weeks = panel.observed.sum(-1)
    conversions = (panel.conversions * panel.observed).sum(-1)
    for j, slot in used:
        scale = panel.scale[j]
        (log_k, log_h), (sd_k, sd_h) = posterior.theta_loc[j, slot], posterior.theta_sd[j, slot]
        half = float(np.exp(log_h))
        levels = np.unique(panel.spend[j, slot][panel.observed[j, slot]])
        distinct = (levels > 0).sum()
        explored = bool(
            distinct >= 2
            and effective[j, slot].max() >= EXPLORED_REACH * half
            and conversions[j, slot] >= EXPLORED_CONVERSIONS
        )
        interval_k = (log_k - Z90 * sd_k, log_k + Z90 * sd_k)
        interval_h = (log_h - Z90 * sd_h, log_h + Z90 * sd_h)
        if not explored:
            # the data cannot tell where this curve bends: whatever the pooling narrowed (a
            # single spend level ties h to k's prior), its h is said to be anywhere its
            # placement's stores are, and with one spend level its k too
            interval_h = _widest(interval_h, posterior.population[j, 1], posterior.spread[j, 1])
            if distinct < 2:
                interval_k = _widest(interval_k, posterior.population[j, 0], posterior.spread[j, 0])
        curves.append({
            "store": panel.stores[panel.curve_store[j, slot]],
            "placement": panel.placements[j],
            "weeks": int(weeks[j, slot]),
            "conversions_per_spend": _round(np.exp(log_k) / scale),
            "conversions_per_spend_interval": [
                _round(np.exp(interval_k[0]) / scale),
                _round(np.exp(interval_k[1]) / scale),
            ],
            "half_spend": _round(half * scale),
            "half_spend_interval": [
                _round(np.exp(interval_h[0]) * scale),
                _round(np.exp(interval_h[1]) * scale),
            ],
            "aov": _round(aov[j, slot]),
            "explored": explored,
        })  # fmt: skip
    placements = []
    for j, name in enumerate(panel.placements):
        low = posterior.carry_loc[j] - Z90 * posterior.carry_sd[j]
        high = posterior.carry_loc[j] + Z90 * posterior.carry_sd[j]
        placements.append({
            "placement": name,
            "carryover": _round(carry[j]),
            "carryover_interval": [_round(1 / (1 + np.exp(-low))), _round(1 / (1 + np.exp(-high)))],
            "conversions_per_spend": _round(np.exp(posterior.population[j, 0]) / panel.scale[j]),
            "half_spend": _round(np.exp(posterior.population[j, 1]) * panel.scale[j]),
            "aov": _round(placement_aov[j]),
            "stores": int(panel.used[j].sum()),
        })  # fmt: skip
    fit = {
        "method": METHOD,
        "seconds": round(time.perf_counter() - started, 2),
        "holdout_weeks": holdout,
        "holdout_error": holdout_error,
    }
    return FitResult(curves=curves, placements=placements, fit=fit, panel=panel)


def _widest(interval, mean, spread):
    from .model import Z90

    return min(interval[0], mean - Z90 * spread), max(interval[1], mean + Z90 * spread)


def _round(value) -> float | None:
    """Six significant digits: enough for a plan, short enough to read."""
    value = float(value)
    if not np.isfinite(value):
        return None
    return float(f"{value:.6g}")
