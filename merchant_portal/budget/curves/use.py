"""Plans and the platform run on the accepted curves: a fitted curve (k conversions per unit of
spend at the start, h the half-spend) said as the optimizer's rates, on the central estimate
or, for a cautious plan, the lower band (lower k and lower h: fewer conversions at every
spend). A store with no curve of its own on a placement gets its placement's pooled curve:
its centre, or for a cautious plan the lower end of its band (where nine in ten of the
placement's stores lie; a fit stored before bands were kept has none, and gives the centre).
Only CPC and CPM placements take a saturation curve (OPTIMIZER.md section 1)."""

from dataclasses import dataclass

from sqlalchemy import select

from ...extensions import db
from ..models import Placement
from .accept import accepted_fit
from .models import CurveFit, FittedCurve, FittedPlacement

CENTRAL, CAUTIOUS = "central", "lower_band"
BASES = (CENTRAL, CAUTIOUS)


@dataclass(frozen=True)
class Curve:
    per_spend: float
    half_spend: float
    aov: float | None


# what a plan reads of a store's curve: columns, not whole rows (a platform run reads
# hundreds of thousands of them)
_OWN_COLUMNS = (
    FittedCurve.store_id,
    FittedCurve.placement_id,
    FittedCurve.per_spend,
    FittedCurve.per_spend_low,
    FittedCurve.half_spend,
    FittedCurve.half_spend_low,
    FittedCurve.aov,
)


class AcceptedCurves:
    """The accepted version's curves for some stores (one statement for them all)."""

    def __init__(self, fit: CurveFit, basis: str, store_ids: list[int] | None) -> None:
        self.fit, self.basis = fit, basis
        query = select(*_OWN_COLUMNS).where(FittedCurve.fit_id == fit.id)
        if store_ids is not None:
            query = query.where(FittedCurve.store_id.in_(store_ids))
        self.own = {(c.store_id, c.placement_id): c for c in db.session.execute(query)}
        self.pooled = {
            p.placement_id: p
            for p in db.session.scalars(
                select(FittedPlacement).where(FittedPlacement.fit_id == fit.id)
            )
        }

    def curve(self, store_id: int, placement_id: int) -> Curve | None:
        own = self.own.get((store_id, placement_id))
        if own is not None:
            if self.basis == CAUTIOUS:
                return Curve(own.per_spend_low, own.half_spend_low, own.aov)
            return Curve(own.per_spend, own.half_spend, own.aov)
        return self.pooled_curve(placement_id)

    def pooled_curve(self, placement_id: int) -> Curve | None:
        """What a store without a curve of its own on the placement gets."""
        pooled = self.pooled.get(placement_id)
        if pooled is None:
            return None
        if self.basis == CAUTIOUS and pooled.per_spend_low is not None:
            return Curve(pooled.per_spend_low, pooled.half_spend_low or pooled.half_spend,
                         pooled.aov)  # fmt: skip
        return Curve(pooled.per_spend, pooled.half_spend, pooled.aov)

    def own_placements(self) -> dict[int, list[int]]:
        """Store id -> the placements (ids) the store has a curve of its own on."""
        by_store: dict[int, list[int]] = {}
        for store_id, placement_id in self.own:
            by_store.setdefault(store_id, []).append(placement_id)
        return by_store


def accepted_curves(basis: str, store_ids: list[int] | None = None) -> AcceptedCurves | None:
    return curves_of(accepted_fit(), basis, store_ids)


def curves_of(fit: CurveFit | None, basis: str | None, store_ids=None) -> AcceptedCurves | None:
    if fit is None:
        return None
    return AcceptedCurves(fit, basis if basis in BASES else CENTRAL, store_ids)


def as_rates(curve: Curve, pricing: str, price: float, ctr: float | None) -> dict | None:
    """The curve as the optimizer's cvr (and ctr for CPM), aov and half-spend; None where the
    placement cannot take it."""
    if pricing == "cpc":
        cvr, rate_ctr = curve.per_spend * price, None
    elif pricing == "cpm" and ctr:
        # conversions per unit of spend = 1000 x ctr x cvr / price
        cvr, rate_ctr = curve.per_spend * price / (1000 * ctr), ctr
        if cvr > 1:  # the fit says more than the typed ctr allows: the ctr gives way
            rate_ctr, cvr = min(1.0, curve.per_spend * price / 1000), 1.0
    else:
        return None
    rates = {"cvr": min(max(cvr, 0.0), 1.0), "half_spend": max(curve.half_spend, 0.01)}
    if rate_ctr is not None:
        rates["ctr"] = rate_ctr
    if curve.aov:
        rates["aov"] = curve.aov
    return rates


def apply_to_plan_request(request: dict, placements: list[Placement], curves, store_id) -> None:
    """A store's own plan request (OPTIMIZER.md section 1) on the accepted curves, in place."""
    by_code = {p.code: p for p in placements}
    for item in request["placements"]:
        p = by_code.get(item["id"])
        curve = curves.curve(store_id, p.id) if p is not None else None
        if curve is None:
            continue
        rates = as_rates(curve, p.pricing, float(p.price), p.prior_ctr)
        if rates is None:
            continue
        item["cvr"] = rates["cvr"]
        if "ctr" in rates:
            item["ctr"] = rates["ctr"]
        if "aov" in rates:
            item["aov"] = rates["aov"]
        item["saturation"] = {"half_spend": rates["half_spend"]}
