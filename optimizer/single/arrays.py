"""A request's cpc and cpm placements as numpy arrays, and their exact response curves.

A slot placement appears as a linear one (clicks per unit spend); which spends are whole
slots is the caller's to enforce. A measured curve's points are kept in ``curves``
(``measured.py``); its rate is 0 and its half spend inf, and ``clicks`` reads the curve.
The fast paths (``closed_form.py``, ``breakpoints.py``) work
on these; figures reported to the
planner still come from ``response.py``, placement by placement.
"""

from dataclasses import dataclass

import numpy as np

from . import response
from .measured import Curves, curves_of
from .model import placement_ceiling
from .request import PlanRequest


@dataclass
class Placements:
    """Per placement: clicks per unit spend before saturation, half spend (inf: linear),
    spend bounds, and the value of a click to each objective."""

    rate: np.ndarray
    half: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    conversion: np.ndarray  # conversions per click (cvr)
    revenue: np.ndarray  # revenue per click (cvr x aov)
    slot_price: np.ndarray  # price of one slot; nan for placements bought by the unit
    curves: Curves | None = None  # measured curves' points, when the request has any

    @property
    def slots(self) -> np.ndarray:
        return np.flatnonzero(np.isfinite(self.slot_price))

    @property
    def saturating(self) -> np.ndarray:
        return np.isfinite(self.half)

    def __len__(self) -> int:
        return len(self.rate)


def array_ready(request: PlanRequest) -> bool:
    """cpc, cpm (saturating or not), slot and curve placements; the caller still sends a
    curve that is not concave to the mixed-integer model."""
    return all(p.pricing in ("cpc", "cpm", "slot", "curve") for p in request.placements)


def placements_of(request: PlanRequest, budget: float | None = None) -> Placements:
    budget = request.budget if budget is None else budget
    items = request.placements
    return Placements(
        rate=np.array([_rate(p) for p in items], float),
        half=np.array([np.inf if p.half_spend is None else p.half_spend for p in items], float),
        lower=np.array([p.min_spend for p in items], float),
        upper=np.array([placement_ceiling(p, budget) for p in items], float),
        conversion=np.array([p.cvr for p in items], float),
        revenue=np.array([p.cvr * p.aov for p in items], float),
        slot_price=np.array([p.price if p.pricing == "slot" else np.nan for p in items], float),
        curves=curves_of(request),
    )


def _rate(p) -> float:
    return 0.0 if p.pricing == "curve" else response.clicks_per_spend(p)


def click_weight(request: PlanRequest, placements: Placements) -> tuple[np.ndarray, float]:
    """The objective as (value per click, cost per unit of spend): revenue, conversions and
    profit are value x clicks - cost x spend; min_spend is 0 x clicks - 1 x spend."""
    if request.objective == "revenue":
        return placements.revenue, 0.0
    if request.objective == "conversions":
        return placements.conversion, 0.0
    if request.objective == "profit":
        return request.margin * placements.revenue, 1.0
    return np.zeros(len(placements)), 1.0


def clicks(placements: Placements, spend: np.ndarray) -> np.ndarray:
    """Exact clicks at ``spend`` (same shape as the placements, or placements x k)."""
    rate, half = _column(placements.rate, spend), _column(placements.half, spend)
    linear = rate * spend
    with np.errstate(invalid="ignore", divide="ignore"):
        saturated = linear * half / (half + spend)
    bought = np.where(np.isfinite(half), saturated, linear)
    curves = placements.curves
    if curves is None:
        return bought
    owner = np.flatnonzero(curves.is_curve)
    bought[owner] = curves.clicks_at(_column(owner, spend), spend[owner])
    return bought


def _column(values: np.ndarray, like: np.ndarray) -> np.ndarray:
    return values[:, None] if np.ndim(like) == 2 else values
