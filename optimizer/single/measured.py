"""Measured response curves (``"pricing": "curve"``) as one table of points, for the array paths.

A concave measured curve is already a chord model: its own points are the breakpoints and the
chords between them are the curve, so the chord LP of ``breakpoints.py`` solves it exactly.
Only which points enter the LP is chosen there (a few at first, then where the prices want
them), since 2,000 curves of 500 points are a million columns at once. An S-shaped curve is
not concave and stays with the mixed-integer model of ``grid.py``.
"""

from dataclasses import dataclass

import numpy as np

from .request import PlanRequest

CONCAVE_SLACK = 1e-9  # relative: slopes measured in floating point may rise by rounding


@dataclass
class Curves:
    """Every curve's points, sorted by placement then spend; ``start``/``stop`` index each
    placement's points (equal for placements that are not curves)."""

    owner: np.ndarray
    spend: np.ndarray
    clicks: np.ndarray
    start: np.ndarray
    stop: np.ndarray
    is_curve: np.ndarray  # per placement

    def clicks_at(self, owner: np.ndarray, spend: np.ndarray) -> np.ndarray:
        """Clicks on each ``owner``'s curve at ``spend`` (owners that are curves only);
        beyond the last point, the last point's clicks."""
        owner, spend = np.broadcast_arrays(owner, spend)
        first, last = self.start[owner], self.stop[owner] - 1
        # Binary search inside each owner's own points, all owners at once.
        low, high = first.copy(), last.copy()
        while np.any(high - low > 1):
            middle = (low + high) // 2
            right = self.spend[middle] <= spend
            low = np.where(right, middle, low)
            high = np.where(right, high, middle)
        x0, x1 = self.spend[low], self.spend[high]
        y0, y1 = self.clicks[low], self.clicks[high]
        with np.errstate(divide="ignore", invalid="ignore"):
            inside = y0 + (y1 - y0) * (spend - x0) / (x1 - x0)
        return np.where(spend >= self.spend[last], self.clicks[last], inside)

    def best_points(
        self, per_click: np.ndarray, per_spend: np.ndarray, lower: np.ndarray, upper: np.ndarray
    ) -> np.ndarray:
        """Per placement (curves only; the lower bound elsewhere), the spend within its bounds
        with the most per_click x clicks - per_spend x spend. On a concave curve that is the
        first point after which a segment pays less than it costs, clipped to the bounds:
        a binary search per curve, all curves at once."""
        rows = np.flatnonzero(self.is_curve)
        a, b = per_click[rows], per_spend[rows]
        low, high = self.start[rows], self.stop[rows] - 1  # answer in [low, high]
        while np.any(high > low):
            middle = (low + high) // 2
            after = np.minimum(middle + 1, high)  # == middle only where the search is over
            with np.errstate(divide="ignore", invalid="ignore"):
                slope = (self.clicks[after] - self.clicks[middle]) / (
                    self.spend[after] - self.spend[middle]
                )
            pays = a * slope - b > 0  # the segment after ``middle`` still pays: go right
            low = np.where(pays & (high > low), middle + 1, low)
            high = np.where(~pays & (high > low), middle, high)
        best = lower.copy()
        best[rows] = np.clip(self.spend[low], lower[rows], upper[rows])
        return best


def curves_of(request: PlanRequest) -> Curves | None:
    """The table of every curve's points, or None when the request has no curve."""
    items = request.placements
    counts = np.array([len(p.points) if p.pricing == "curve" else 0 for p in items], int)
    if not counts.any():
        return None
    pairs = [p.points for p in items if p.pricing == "curve"]
    table = np.array([point for points in pairs for point in points], float)
    stop = np.cumsum(counts)
    return Curves(
        owner=np.repeat(np.arange(len(items)), counts),
        spend=table[:, 0],
        clicks=table[:, 1],
        start=stop - counts,
        stop=stop,
        is_curve=counts > 0,
    )


def concave(curves: Curves) -> bool:
    """Every curve's slopes fall (or stay) from point to point."""
    same = curves.owner[1:] == curves.owner[:-1]
    with np.errstate(divide="ignore", invalid="ignore"):  # across two curves: masked below
        slope = np.where(same, np.diff(curves.clicks) / np.diff(curves.spend), np.nan)
    following = slope[1:]
    preceding = slope[:-1]
    both = same[1:] & same[:-1]
    rises = following > preceding + CONCAVE_SLACK * np.maximum(np.abs(preceding), 1e-12)
    return not np.any(both & rises)
