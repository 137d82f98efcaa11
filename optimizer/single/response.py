"""How a placement turns spend into clicks, conversions and revenue.

Exact figures come from here. The model sees each concave response as piecewise-linear
segments: chords (below the curve, so a plan is always feasible for the real curve) and, to
bound the true optimum, tangents (above it). See ``approximation_breakpoints`` for where the
breakpoints go.
"""

import itertools
import math
from dataclasses import dataclass

from .request import Placement


def clicks_per_spend(p: Placement) -> float:
    """Clicks one unit of money buys before any saturation (cpc, cpm, slot)."""
    if p.pricing == "cpc":
        return 1.0 / p.price
    if p.pricing == "cpm":
        return 1000.0 * p.ctr / p.price
    if p.pricing == "slot":
        return p.impressions_per_slot * p.ctr / p.price
    raise ValueError("curves have no single rate")


def units_bought(p: Placement, spend: float) -> float:
    """Clicks (cpc), impressions (cpm), slots (slot) or curve clicks for ``spend``."""
    if p.pricing == "cpc":
        return spend / p.price
    if p.pricing == "cpm":
        return 1000.0 * spend / p.price
    if p.pricing == "slot":
        return spend / p.price
    return clicks(p, spend)


def clicks(p: Placement, spend: float) -> float:
    if p.pricing == "curve":
        return _interpolate(p.points, spend)
    linear = clicks_per_spend(p) * spend
    if p.half_spend is not None:
        return linear * p.half_spend / (p.half_spend + spend)
    return linear


def conversions(p: Placement, spend: float) -> float:
    return clicks(p, spend) * p.cvr


def revenue(p: Placement, spend: float) -> float:
    return conversions(p, spend) * p.aov


def marginal_clicks(p: Placement, spend: float) -> float:
    """d(clicks)/d(spend) at ``spend``; on a curve, the slope of the segment it lies on."""
    if p.pricing == "curve":
        points = p.points
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            if spend < x1 or (x1, y1) == points[-1]:
                return (y1 - y0) / (x1 - x0)
    rate = clicks_per_spend(p)
    if p.half_spend is not None:
        h = p.half_spend
        return rate * h * h / (h + spend) ** 2
    return rate


def marginal_revenue(p: Placement, spend: float) -> float:
    return marginal_clicks(p, spend) * p.cvr * p.aov


def _interpolate(points: tuple[tuple[float, float], ...], spend: float) -> float:
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if spend <= x1:
            return y0 + (y1 - y0) * (spend - x0) / (x1 - x0)
    return points[-1][1]


@dataclass(frozen=True)
class Segments:
    """A piecewise-linear response: widths of consecutive spend segments and clicks per spend."""

    widths: tuple[float, ...]
    slopes: tuple[float, ...]

    @property
    def concave(self) -> bool:
        return all(a >= b - 1e-12 for a, b in zip(self.slopes, self.slopes[1:], strict=False))


def curve_segments(p: Placement, ceiling: float) -> Segments:
    """A measured curve, cut at ``ceiling`` spend: exact, whatever its shape."""
    widths, slopes = [], []
    for (x0, y0), (x1, y1) in zip(p.points, p.points[1:], strict=False):
        if x0 >= ceiling:
            break
        end = min(x1, ceiling)
        widths.append(end - x0)
        slopes.append((y1 - y0) / (x1 - x0))
    return Segments(tuple(widths), tuple(slopes))


def approximation_breakpoints(half_spend: float, ceiling: float, tolerance: float) -> list[float]:
    """Spends at which chords of s -> h*s/(h+s) stay within ``tolerance`` of it, relatively.

    The curve bends most near s = 0 and flattens as s grows, so segments are short at first
    and lengthen geometrically. On a chord from a to b the largest relative shortfall is
    close to h*(b-a)^2 / (4*(h+a)^2 * a) (second-order bound), and exactly b/(h+b) on the
    first chord from 0; each segment is made as long as that allows.
    """
    h = half_spend
    first = tolerance * h / (1.0 - tolerance)
    points = [0.0, min(first, ceiling)]
    while points[-1] < ceiling:
        a = points[-1]
        width = 2.0 * (h + a) * math.sqrt(tolerance * a / h)
        points.append(min(a + width, ceiling))
    return points


FOCUS_STEPS = (1e-4, 1e-3, 1e-2, 3e-2, 1e-1)


def focused(spends: list[float], focus: float | None, ceiling: float) -> list[float]:
    """Adds breakpoints just around ``focus``: there the chords' slopes match the curve's
    own, so the budget's shadow price and marginal returns read off the model are exact."""
    if focus is None or focus <= 0:
        return spends
    extra = [focus * (1 + sign * step) for step in FOCUS_STEPS for sign in (-1, 1)]
    extra.append(focus)
    return sorted({s for s in spends + extra if 0 <= s <= ceiling})


def chord_segments(
    p: Placement, ceiling: float, tolerance: float, focus: float | None = None
) -> Segments:
    """Inner approximation of a saturating placement: chords between breakpoints."""
    spends = focused(approximation_breakpoints(p.half_spend, ceiling, tolerance), focus, ceiling)
    values = [clicks(p, s) for s in spends]
    widths = [b - a for a, b in itertools.pairwise(spends)]
    slopes = [(vb - va) / w for va, vb, w in zip(values, values[1:], widths, strict=False)]
    return Segments(tuple(widths), tuple(slopes))


def tangent_segments(p: Placement, ceiling: float, tolerance: float) -> Segments:
    """Outer approximation: the envelope of tangents at the same breakpoints (never below)."""
    spends = approximation_breakpoints(p.half_spend, ceiling, tolerance)
    widths, slopes = [], []
    for a, b in itertools.pairwise(spends):
        slope_a, slope_b = marginal_clicks(p, a), marginal_clicks(p, b)
        # the two tangents meet at x; left of it the tangent at a is lower, right of it b's
        value_a, value_b = clicks(p, a), clicks(p, b)
        if slope_a - slope_b > 1e-15:
            x = (value_b - value_a + slope_a * a - slope_b * b) / (slope_a - slope_b)
            x = min(max(x, a), b)
        else:
            x = b
        if x > a:
            widths.append(x - a)
            slopes.append(slope_a)
        if b > x:
            widths.append(b - x)
            slopes.append(slope_b)
    return Segments(tuple(widths), tuple(slopes))
