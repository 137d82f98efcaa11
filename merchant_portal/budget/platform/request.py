"""The platform request: approved stores' latest budgets, with the rates each store's own
results taught, over the cpc/cpm placements."""

from sqlalchemy import func, select

from ...extensions import db
from ...onboarding.store.models import Store
from ...reviewing.reviewable import ReviewStatus
from ..learning import learned, observed_results
from ..models import BudgetPlan, Placement

PLATFORM_PRICINGS = ("cpc", "cpm")
StoreKeys = dict[str, tuple[int, int, float]]  # request key -> (store id, merchant id, budget)


def _learned_rates(placements: list[Placement]) -> dict[tuple[int, int], dict]:
    """Rates learned from each store's own results, where it has any (one query)."""
    by_id = {p.id: p for p in placements}
    return {
        (store_id, placement_id): learned(by_id[placement_id], seen).rates()
        for (store_id, placement_id), seen in observed_results().items()
        if placement_id in by_id
    }


def platform_request(objective: str) -> tuple[dict, StoreKeys]:
    placements = list(
        db.session.scalars(
            select(Placement)
            .where(Placement.active, Placement.pricing.in_(PLATFORM_PRICINGS))
            .order_by(Placement.id)
        )
    )
    latest = (
        select(func.max(BudgetPlan.id))
        .where(BudgetPlan.platform_run_id.is_(None))
        .group_by(BudgetPlan.store_id)
    )
    rows = db.session.execute(
        select(BudgetPlan.store_id, BudgetPlan.budget, BudgetPlan.request, Store.merchant_id)
        .join(Store, Store.id == BudgetPlan.store_id)
        .where(BudgetPlan.id.in_(latest), Store.status == ReviewStatus.APPROVED)
        .order_by(BudgetPlan.store_id)
    ).all()
    learned_rates = _learned_rates(placements)
    merchants, stores = [], {}
    for store_id, budget, plan_request, merchant_id in rows:
        key = f"store-{store_id}"
        rates = {}
        for p in placements:
            rate = {"cvr": p.prior_cvr, "aov": float(p.prior_aov)}
            rate.update(
                {
                    k: v
                    for k, v in learned_rates.get((store_id, p.id), {}).items()
                    if k in ("cvr", "aov", "ctr")
                }
            )
            if p.pricing == "cpc":
                rate.pop("ctr", None)
            rates[p.code] = rate
        merchant = {"id": key, "budget": float(budget), "rates": rates}
        if plan_request.get("min_roas") is not None:
            merchant["min_roas"] = plan_request["min_roas"]
        merchants.append(merchant)
        stores[key] = (store_id, merchant_id, float(budget))
    items = []
    for p in placements:
        item = {"id": p.code, "pricing": p.pricing, "price": float(p.price)}
        if p.pricing == "cpm":
            item["ctr"] = p.prior_ctr
        if p.inventory is not None:
            item["capacity"] = p.inventory
        items.append(item)
    return {"objective": objective, "placements": items, "merchants": merchants}, stores
