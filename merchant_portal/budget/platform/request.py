"""The platform request (OPTIMIZER.md section 3): approved stores' latest budgets and ROAS floors,
the rates each store's own results taught, and each placement's saturation, over the
placements the platform plan takes. Placements it cannot take are named with the reason, so
the run page never leaves one out silently."""

from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy import true as sa_true

from ...extensions import db
from ...onboarding.store.models import Store
from ...workflow.reviewable import ReviewStatus
from ..curves.use import AcceptedCurves, Curve, as_rates, curves_of
from ..learning import learned_means, observed_results
from ..models import AdBudget, BudgetPlan, Placement
from .covered import EXCLUDED_BECAUSE, weekly_from_monthly

PLATFORM_PRICINGS = ("cpc", "cpm")
# Why section 3 of the contract takes only cpc and cpm: its inventory is linear in spend.
LEFT_OUT_BECAUSE = {
    "slot": "sold in whole slots, and the platform plan shares inventory that is bought by the "
    "click or the impression; plan it in each store's own plan",
    "curve": "a measured response curve describes one advertiser's campaign, not inventory "
    "that merchants share; plan it in each store's own plan",
}


class StoreEntry(NamedTuple):
    store_id: int
    merchant_id: int
    budget: float
    # the store's latest own plan (its ROAS floor, and its budget when the store has no
    # monthly ad budget); None for a store in the run by its ad budget alone
    own_plan_id: int | None


class RunStores(dict[str, StoreEntry]):
    """The stores in a run, by their id in the request, with what the run was built from:
    the request itself and the placements left out of it (code -> reason). ``store`` adds
    the answer as read and its facts once the run is solved."""

    def __init__(self, request: dict, left_out: dict[str, str]):
        super().__init__()
        self.request = request
        self.left_out = left_out
        self.answer: Any = None
        self.facts: Any = None


def half_spend(rate: dict, placement: dict) -> float | None:
    """The contract's saturation for one merchant on one placement: the rate's, else the
    placement's, else none (linear)."""
    if rate.get("half_spend") is not None:
        return rate["half_spend"]
    return (placement.get("saturation") or {}).get("half_spend")


def _learned_rates(placements: list[Placement]) -> dict[int, dict[str, dict]]:
    """Rates learned from each store's own results, where it has any (one query), by store id
    and placement code: the posterior means, as ``learned(...).rates()`` gives them."""
    by_id = {p.id: p for p in placements}
    by_store: dict[int, dict[str, dict]] = {}
    for (store_id, placement_id), seen in observed_results().items():
        if placement_id in by_id:
            placement = by_id[placement_id]
            by_store.setdefault(store_id, {})[placement.code] = learned_means(placement, seen)
    return by_store


def placement_item(p: Placement) -> dict:
    item = {"id": p.code, "pricing": p.pricing, "price": float(p.price)}
    if p.pricing == "cpm":
        item["ctr"] = p.prior_ctr
    if p.inventory is not None:
        item["capacity"] = p.inventory
    if p.half_spend is not None:
        # the same diminishing returns a store's own plan uses (requests.placement_item)
        item["saturation"] = {"half_spend": float(p.half_spend)}
    return item


class _Priors:
    """Each placement's prior rates, read once per run: a store without results of its own on
    a placement shares the prior's dict (nothing writes into a rate; a store's own rates are
    dicts of their own), so 100,000 stores by 50 placements hold 50 dicts, not 5 million.
    On a fit's curves the shared dict is the prior on the placement's pooled curve: a store
    has a dict of its own only where it has results or a curve of its own."""

    def __init__(self, placements: list[Placement], curves: AcceptedCurves | None = None):
        self.placements = {p.code: p for p in placements}
        self.rates = {p.code: {"cvr": p.prior_cvr, "aov": float(p.prior_aov)} for p in placements}
        # what a learned rate may change: cpc placements are priced by the click (no ctr)
        self.learnable = {
            p.code: ("cvr", "aov") if p.pricing == "cpc" else ("cvr", "aov", "ctr")
            for p in placements
        }
        self.curves, self.shared = curves, self.rates
        if curves is not None:
            self.own_curves = curves.own_placements()
            self.code_of = {p.id: p.code for p in placements}
            self.shared = {
                p.code: _on_curve(self.rates[p.code], p, curves.pooled_curve(p.id))
                for p in placements
            }

    def of_store(self, store_id: int, learned: dict[str, dict] | None) -> dict:
        # the placements where this store's rate is not the shared one
        own = {
            code: {**self.rates[code], **{k: t[k] for k in self.learnable[code] if k in t}}
            for code, t in (learned or {}).items()
        }
        rates = dict(self.shared)
        if self.curves is None:
            rates.update(own)
            return rates
        for placement_id in self.own_curves.get(store_id, ()):
            code = self.code_of.get(placement_id)
            if code is not None:
                own.setdefault(code, self.rates[code])
        for code, rate in own.items():
            p = self.placements[code]
            rates[code] = _on_curve(rate, p, self.curves.curve(store_id, p.id))
        return rates


def _on_curve(rate: dict, p: Placement, curve: Curve | None) -> dict:
    """A rate on a fit's curve: its cvr (and ctr), aov and its own half-spend; as it was where
    the placement cannot take the curve."""
    fitted = as_rates(curve, p.pricing, float(p.price), p.prior_ctr) if curve else None
    if fitted is None:
        return rate
    if p.pricing == "cpc":
        fitted.pop("ctr", None)
    return {**rate, **fitted}


def platform_request(
    objective: str, excluded: dict | None = None, fit=None, basis: str | None = None
) -> tuple[dict, RunStores]:
    """Every approved store with an ad budget (a monthly one set by its merchant or a planner,
    else its latest own plan's), less the stores and placements the planner excluded."""
    excluded = excluded or {}
    left_stores = set(excluded.get("stores") or [])
    left_codes = set(excluded.get("placements") or [])
    active = list(
        db.session.scalars(select(Placement).where(Placement.active).order_by(Placement.id))
    )
    placements = [p for p in active if p.pricing in PLATFORM_PRICINGS and p.code not in left_codes]
    left_out = {
        p.code: LEFT_OUT_BECAUSE.get(p.pricing, f"{p.pricing} placements are not in the contract")
        for p in active
        if p.pricing not in PLATFORM_PRICINGS
    }
    left_out |= {p.code: EXCLUDED_BECAUSE for p in active if p.code in left_codes}
    latest = (
        select(func.max(BudgetPlan.id))
        .where(BudgetPlan.platform_run_id.is_(None))
        .group_by(BudgetPlan.store_id)
    )
    # one statement: every approved store with a monthly ad budget or a plan of its own
    own = (
        select(BudgetPlan.id, BudgetPlan.store_id, BudgetPlan.budget, BudgetPlan.request)
        .where(BudgetPlan.id.in_(latest))
        .subquery()
    )
    rows = db.session.execute(
        select(own.c.id, Store.id, own.c.budget, own.c.request, Store.merchant_id)
        .add_columns(AdBudget.monthly)
        .select_from(Store)
        .outerjoin(own, own.c.store_id == Store.id)
        .outerjoin(AdBudget, AdBudget.store_id == Store.id)
        .where(
            Store.status == ReviewStatus.APPROVED,
            (AdBudget.monthly > 0) | own.c.id.is_not(None),
            Store.id.not_in(left_stores) if left_stores else sa_true(),
        )
        .order_by(Store.id)
    ).all()
    learned_rates = _learned_rates(placements)
    # the fit's curves for every store in the run (one statement), where a fit was accepted
    priors = _Priors(placements, curves_of(fit, basis, None))
    request = {
        "objective": objective,
        "placements": [placement_item(p) for p in placements],
        "merchants": [],
    }
    stores = RunStores(request, left_out)
    for plan_id, store_id, budget, plan_request, merchant_id, monthly in rows:
        key = f"store-{store_id}"
        if monthly is not None and monthly > 0:
            budget = weekly_from_monthly(monthly)
        merchant = {
            "id": key,
            "budget": float(budget),
            "rates": priors.of_store(store_id, learned_rates.get(store_id)),
        }
        if plan_request and plan_request.get("min_roas") is not None:
            merchant["min_roas"] = plan_request["min_roas"]
        request["merchants"].append(merchant)
        stores[key] = StoreEntry(store_id, merchant_id, float(budget), plan_id)
    return request, stores
