"""Revenue per conversion per store and placement, pooled towards the placement's.

Empirical Bayes on the log scale: a curve's observed aov (revenue over conversions) is
noisy by the per-order spread over its number of conversions; the placement's mean and the
spread between stores come from all its curves; each curve's aov is the precision-weighted
mix. A curve without conversions gets its placement's.
"""

import numpy as np

from .panel import Panel


def pooled_aov(panel: Panel) -> tuple[np.ndarray, np.ndarray]:
    """Per curve ``[P, S]`` and per placement ``[P]``; NaN where nothing ever converted."""
    shown = panel.observed & (panel.conversions > 0) & (panel.revenue > 0)
    conversions = np.where(shown, panel.conversions, 0.0)
    revenue = np.where(shown, panel.revenue, 0.0)
    total_conv = conversions.sum(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_curve = np.log(revenue.sum(-1) / total_conv)
        weekly = np.log(revenue / conversions)
    # per-order variance of log aov: a week's log aov varies by it over that week's conversions
    deviation = np.where(shown, (weekly - log_curve[..., None]) ** 2 * conversions, 0.0)
    weeks_shown = shown.sum(-1)
    overall = np.nan
    if total_conv.sum() > 0:
        overall = float(np.log(revenue.sum() / total_conv.sum()))
    curve = np.full(total_conv.shape, np.nan)
    placement = np.full(len(panel.placements), np.nan)
    for j in range(len(panel.placements)):
        has = total_conv[j] > 0
        if not has.any():
            placement[j] = np.exp(overall) if np.isfinite(overall) else np.nan
            curve[j] = placement[j]
            continue
        several = weeks_shown[j] > 1
        per_order = (
            float(deviation[j][several].sum() / max((weeks_shown[j][several] - 1).sum(), 1))
            if several.any() else 0.05
        )  # fmt: skip
        noise = per_order / total_conv[j][has]
        logs = log_curve[j][has]
        weights = 1.0 / (noise + 1e-6)
        mean = float(np.sum(weights * logs) / np.sum(weights))
        between = max(float(np.mean((logs - mean) ** 2 - noise)), 1e-4)
        shrunk = (logs / (noise + 1e-9) + mean / between) / (1 / (noise + 1e-9) + 1 / between)
        values = np.full(total_conv.shape[1], np.exp(mean))
        values[has] = np.exp(shrunk)
        curve[j] = values
        placement[j] = np.exp(mean)
    return curve, placement
