"""A request's cpc and cpm placements as numpy arrays, and their exact response curves.

A slot placement appears as a linear one (clicks per unit spend); which spends are whole
slots is the caller's to enforce. A measured curve's points are kept in ``curves``
(``measured.py``); its rate is 0 and its half spend inf, and ``clicks`` reads the curve.
The fast paths (``closed_form.py``, ``breakpoints.py``) work
on these; figures reported to the
planner still come from ``response.py``, placement by placement.
"""

from dataclasses import dataclass, field

import numpy as np

from .measured import Curves, curves_of
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
    slots: np.ndarray  # the indices of slot placements
    curves: Curves | None = None  # measured curves' points, when the request has any
    columns: "Columns | None" = None  # the fields read from the request, for the figures

    @property
    def saturating(self) -> np.ndarray:
        return np.isfinite(self.half)

    def __len__(self) -> int:
        return len(self.rate)


def array_ready(request: PlanRequest) -> bool:
    """cpc, cpm (saturating or not), slot and curve placements; the caller still sends a
    curve that is not concave to the mixed-integer model."""
    return all(p.pricing in ("cpc", "cpm", "slot", "curve") for p in request.placements)


@dataclass
class Columns:
    """The request's placement fields as arrays, read in one pass (None is nan). Every
    figure computed from them is the same operation as ``response.py``'s, to the bit."""

    pricing: np.ndarray  # str
    price: np.ndarray
    ctr: np.ndarray
    impressions_per_slot: np.ndarray
    cvr: np.ndarray
    aov: np.ndarray
    half: np.ndarray  # nan: no saturation
    min_spend: np.ndarray
    max_spend: np.ndarray
    capacity: np.ndarray
    curve_end: np.ndarray  # the last point's spend; nan for placements that are not curves

    # Derived once (the fields are never reassigned): the placements' arrays, the figures
    # and the binding constraints all read them
    on_curve: np.ndarray = field(init=False)
    any_curve: bool = field(init=False)
    any_min_spend: bool = field(init=False)  # a placement must spend something
    all_saturating: bool = field(init=False)
    on_cpm: np.ndarray = field(init=False)
    on_slot: np.ndarray = field(init=False)
    saturating: np.ndarray = field(init=False)
    # clicks per unit of spend before saturation (``response.clicks_per_spend``); 0 for curves
    rate: np.ndarray = field(init=False)
    per_unit: np.ndarray = field(init=False)  # the spend one click, impression or slot costs
    # units the price buys: 1,000 impressions (cpm), else 1; units bought = this x spend /
    # price (``response.units_bought``)
    units_per_price: np.ndarray = field(init=False)
    price_or_one: np.ndarray = field(init=False)  # 1 for curves, which have no price
    capacity_spend: np.ndarray = field(init=False)  # the spend that buys the capacity

    def __post_init__(self) -> None:
        self.on_curve = self.pricing == "curve"
        self.any_curve = bool(self.on_curve.any())
        self.on_cpm = self.pricing == "cpm"
        self.on_slot = self.pricing == "slot"
        self.saturating = ~np.isnan(self.half)
        self.all_saturating = bool(self.saturating.all())
        self.any_min_spend = bool((self.min_spend > 0).any())
        self.units_per_price = np.where(self.on_cpm, 1000.0, 1.0)
        per_click = np.where(self.on_cpm, 1000.0 * self.ctr, 1.0)  # clicks per unit price
        if self.on_slot.any():
            per_click = np.where(self.on_slot, self.impressions_per_slot * self.ctr, per_click)
        self.rate = per_click / self.price
        self.price_or_one = self.price
        if self.any_curve:
            self.rate = np.where(self.on_curve, 0.0, self.rate)
            self.price_or_one = np.where(self.on_curve, 1.0, self.price)
        self.per_unit = self.price / self.units_per_price  # x / 1.0 is x to the bit
        self.capacity_spend = self.capacity * self.per_unit

    def ceiling(self, budget: float) -> np.ndarray:
        """``model.placement_ceiling`` for every placement."""
        limits = np.fmin(self.max_spend, self.capacity_spend)
        if self.any_curve:
            limits = np.fmin(limits, self.curve_end)
        return np.fmin(limits, budget)


def columns_of(request: PlanRequest) -> Columns:
    table = [
        (
            p.pricing, p.price, p.ctr, p.impressions_per_slot, p.cvr, p.aov, p.half_spend,
            p.min_spend, p.max_spend, p.capacity, p.points[-1][0] if p.points else None,
        )
        for p in request.placements
    ]  # fmt: skip
    if not table:
        return Columns(np.empty(0, str), *(np.empty(0) for _ in range(10)))
    pricing, *numbers = zip(*table, strict=True)
    # one conversion for every numeric field; each row of it is a contiguous column
    return Columns(np.array(pricing), *np.array(numbers, float))


def placements_of(request: PlanRequest, budget: float | None = None) -> Placements:
    budget = request.budget if budget is None else budget
    table = columns_of(request)
    return Placements(
        rate=table.rate,
        half=np.where(table.saturating, table.half, np.inf),
        lower=table.min_spend,
        upper=table.ceiling(budget),
        conversion=table.cvr,
        revenue=table.cvr * table.aov,
        slot_price=np.where(table.on_slot, table.price, np.nan),
        slots=np.flatnonzero(table.on_slot),
        curves=curves_of(request) if table.any_curve else None,
        columns=table,
    )


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
