"""A fitted curve drawn to scale: the geometry is computed here, the template draws it as SVG
(no script, no inline style). What is drawn is a week's conversions when the same spend runs
week after week, carryover included (effective spend s / (1 - c)): the weekly results fall
around that curve, so the points and the line can be compared by eye."""

from dataclasses import dataclass

STEPS = 40


@dataclass
class Chart:
    width: int
    height: int
    points: list[tuple[float, float, str]]  # x, y on the drawing; the tooltip
    central: str  # polyline points
    band: str  # polygon points (the 90% band)
    pooled: str | None
    x_max: float
    y_max: float


def conversions(k: float, h: float, carry: float, spend: float) -> float:
    effective = spend / (1 - carry) if carry < 1 else spend
    return k * h * effective / (h + effective) if h + effective > 0 else 0.0


def draw(curve, carry: float, weeks, pooled=None, width: int = 320, height: int = 180) -> Chart:
    """``curve``: a FittedCurve; ``weeks``: (spend, conversions) pairs; ``pooled``: a
    FittedPlacement or None."""
    spends = [float(s) for s, _c in weeks]
    x_max = max([*spends, curve.half_spend * 2, 1.0]) * 1.05
    xs = [x_max * i / STEPS for i in range(STEPS + 1)]

    def line(k, h):
        return [conversions(k, h, carry, x) for x in xs]

    central = line(curve.per_spend, curve.half_spend)
    low = line(curve.per_spend_low, curve.half_spend_low)
    high = line(curve.per_spend_high, curve.half_spend_high)
    shared = line(pooled.per_spend, pooled.half_spend) if pooled is not None else []
    seen = [float(c) for _s, c in weeks]
    # the band's top may run far above what was seen: the drawing is cut at 1.4 x the rest
    y_max = max([*seen, *central, *shared, 1.0]) * 1.4
    left, bottom = 40, height - 20

    def at(x: float, y: float) -> str:
        px = left + x / x_max * (width - left - 8)
        py = bottom - min(y, y_max) / y_max * (bottom - 8)
        return f"{px:.1f},{py:.1f}"

    points = []
    for s, c in weeks:
        px, py = at(float(s), float(c)).split(",")
        points.append((float(px), float(py), f"{float(s):,.0f} → {int(c):,}"))
    return Chart(
        width=width,
        height=height,
        points=points,
        central=" ".join(at(x, y) for x, y in zip(xs, central, strict=True)),
        band=" ".join(
            [at(x, y) for x, y in zip(xs, high, strict=True)]
            + [at(x, y) for x, y in reversed(list(zip(xs, low, strict=True)))]
        ),
        pooled=" ".join(at(x, y) for x, y in zip(xs, shared, strict=True)) if shared else None,
        x_max=x_max,
        y_max=y_max,
    )


# An interval wider than this says the results cannot tell yet: "about a quarter (27%, 1%-91%)"
# read as knowledge the fit does not have.
UNKNOWN_WIDTH = 0.4


def carryover_in_words(carry: float, low: float | None = None, high: float | None = None) -> str:
    """How much of a week's effect carries into the next, as a planner would say it: the
    words name the fraction nearest the central value, or say it is not known yet when the
    90% interval is too wide to tell."""
    from ...i18n import _

    if low is not None and high is not None and high - low > UNKNOWN_WIDTH:
        return _(
            "Not known yet how much of a week's effect carries into the next: the results so "
            "far allow anything from %(low)s to %(high)s. More weeks with changing spend will "
            "tell.",
            low=f"{low:.0%}",
            high=f"{high:.0%}",
        )
    if carry < 0.05:
        return _("Almost nothing of a week's effect carries into the next week.")
    if carry < 0.15:
        return _("About a tenth of a week's effect carries into the next week.")
    if carry < 0.225:
        return _("About a fifth of a week's effect carries into the next week.")
    if carry < 0.29:
        return _("About a quarter of a week's effect carries into the next week.")
    if carry < 0.42:
        return _("About a third of a week's effect carries into the next week.")
    if carry < 0.6:
        return _("About half of a week's effect carries into the next week.")
    if carry < 0.8:
        return _("Most of a week's effect carries into the next week.")
    return _(
        "Nearly all of a week's effect carries into the next week: its results build up "
        "over many weeks."
    )
