"""From results to curves: the holdout fit, the full fit, and the answer as section 5 has it."""

import time
from dataclasses import dataclass, field

import numpy as np

from .panel import Panel, panel_from_columns
from .reading import Results

METHOD = "numpyro-laplace-eb"
HOLDOUT_WEEKS = 4


@dataclass
class FitResult:
    curves: list[dict]
    placements: list[dict]
    fit: dict
    panel: Panel = field(repr=False)

    def to_json(self) -> dict:
        return {"curves": self.curves, "placements": self.placements, "fit": self.fit}


def fit_results(results: Results, iterations: int = 60, progress=None) -> FitResult:
    from .model import fit_posterior, predict  # JAX loads here, not for a bad file's exit 2
    from .summary import summarise

    started = time.perf_counter()
    panel = panel_from_columns(
        results.store, results.placement, results.week_day, results.spend,
        results.conversions, results.revenue,
    )  # fmt: skip
    holdout = HOLDOUT_WEEKS if panel.weeks >= 3 * HOLDOUT_WEEKS else 0
    warm, holdout_error, holdout_coverage = None, None, None
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
            if hidden.any():
                holdout_coverage = round(_inside_share(posterior, predicted, panel, hidden), 4)
        else:
            holdout = 0
    if progress is not None:
        progress()
    posterior, _ = fit_posterior(panel, iterations=iterations, init=warm)
    curves, placements = summarise(panel, posterior)
    fit = {
        "method": METHOD,
        "seconds": round(time.perf_counter() - started, 2),
        "holdout_weeks": holdout,
        "holdout_error": holdout_error,
        "holdout_coverage": holdout_coverage,
        # the weeks fitted (the latest panel.MAX_WEEKS at most) and the older rows left out
        "weeks": panel.weeks,
        "rows_left_out": panel.left_out,
    }
    return FitResult(curves=curves, placements=placements, fit=fit, panel=panel)


def _inside_share(posterior, predicted, panel: Panel, hidden: np.ndarray) -> float:
    """The share of held-back weeks whose conversions fell inside the fit's 90% range for that
    week (the negative binomial around the fitted curve, fitted without those weeks): about
    nine in ten when the fit's uncertainty is honest. The curves' own uncertainty is left out,
    so it errs on the side of saying too few."""
    from scipy.stats import nbinom

    phi = np.broadcast_to(posterior.concentration[:, None, None], predicted.shape)[hidden]
    mean = np.maximum(predicted[hidden], 1e-9)
    low = nbinom.ppf(0.05, phi, phi / (phi + mean))
    high = nbinom.ppf(0.95, phi, phi / (phi + mean))
    actual = panel.conversions[hidden]
    return float(np.mean((actual >= low) & (actual <= high)))
