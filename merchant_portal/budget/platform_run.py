"""The platform plan from the portal: every approved store with a plan, one programme, run in a
background thread so no request waits for it; progress is written to the run as it goes."""

import logging
import threading
from decimal import Decimal

from flask import Flask, url_for
from sqlalchemy import func, insert, select

from optimizer.learning import Observed, update_placement
from optimizer.platform import platform_plan
from optimizer.platform_validation import parse_platform_request

from ..auth.models import User
from ..extensions import db
from ..notifications.services import notify
from ..onboarding.store.models import Store
from ..reviewable import ReviewStatus
from ..timeutil import utcnow
from .models import BudgetPlan, PerformanceRecord, Placement, PlatformRun

log = logging.getLogger(__name__)
PLATFORM_PRICINGS = ("cpc", "cpm")
RECOMMENDATION_NOTE = (
    "A platform recommendation: your share of the shared inventory, planned together with "
    "every other merchant's budget."
)


def start(app: Flask, run_id: int) -> threading.Thread:
    thread = threading.Thread(
        target=execute, args=(app, run_id), name=f"platform-run-{run_id}", daemon=True
    )
    thread.start()
    return thread


def _progress(run: PlatformRun, percent: int, message: str, status: str = "running") -> None:
    run.progress, run.message, run.status = percent, message, status
    db.session.commit()


def execute(app: Flask, run_id: int) -> None:
    with app.test_request_context():  # url_for needs one, for the links in notifications
        run = db.session.get(PlatformRun, run_id)
        try:
            _execute(run)
        except Exception as error:  # the run records why it failed; the page shows it
            log.exception("platform run %s failed", run_id)
            db.session.rollback()
            run = db.session.get(PlatformRun, run_id)
            if run is None:  # deleted meanwhile: nobody is waiting for it
                return
            run.finished_at = utcnow()
            _progress(run, run.progress, f"The run failed: {error}", status="failed")
        finally:
            db.session.remove()


def _learned_rates(placements: list[Placement]) -> dict[tuple[int, int], dict]:
    """Rates learned from each store's own results, where it has any (one query)."""
    rows = db.session.execute(
        select(
            PerformanceRecord.store_id,
            PerformanceRecord.placement_id,
            func.sum(PerformanceRecord.impressions),
            func.sum(PerformanceRecord.clicks),
            func.sum(PerformanceRecord.conversions),
            func.sum(PerformanceRecord.revenue),
        ).group_by(PerformanceRecord.store_id, PerformanceRecord.placement_id)
    )
    by_id = {p.id: p for p in placements}
    learned = {}
    for store_id, placement_id, impressions, clicks, conversions, revenue in rows:
        p = by_id.get(placement_id)
        if p is None:
            continue
        seen = Observed(
            0,
            float(impressions or 0),
            float(clicks or 0),
            float(conversions or 0),
            float(revenue or 0),
        )
        learned[(store_id, placement_id)] = update_placement(
            p.prior_ctr, p.prior_cvr, float(p.prior_aov), p.prior_strength, seen
        ).rates()
    return learned


def _request(objective: str) -> tuple[dict, dict[str, tuple[int, int, float]]]:
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
    learned = _learned_rates(placements)
    merchants, stores = [], {}
    for store_id, budget, plan_request, merchant_id in rows:
        key = f"store-{store_id}"
        rates = {}
        for p in placements:
            rate = {"cvr": p.prior_cvr, "aov": float(p.prior_aov)}
            rate.update(
                {
                    k: v
                    for k, v in learned.get((store_id, p.id), {}).items()
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


def _execute(run: PlatformRun) -> None:
    _progress(run, 5, "Collecting approved merchants and their budgets")
    request, stores = _request(run.objective)
    if not request["merchants"] or not request["placements"]:
        run.finished_at = utcnow()
        _progress(
            run, 100, "No approved merchant has a plan yet, or no cpc/cpm placement exists.", "done"
        )
        return
    _progress(
        run,
        20,
        f"Solving for {len(stores):,} merchants over {len(request['placements'])} placements",
    )
    result = platform_plan(parse_platform_request(request))
    if result.status != "optimal":
        raise RuntimeError("the solver found no plan")
    _progress(run, 70, "Saving each merchant's recommendation")
    answer = result.to_json()
    by_store: dict[str, list] = {}
    for row in answer["allocations"]:
        by_store.setdefault(row["merchant"], []).append(row)
    totals = {row["merchant"]: row for row in answer["merchant_totals"]}
    now = utcnow()
    plans = []
    for key, (store_id, _, budget) in stores.items():
        rows = by_store.get(key, [])
        allocations = [
            {
                **{k: row[k] for k in ("spend", "units", "clicks", "conversions", "revenue")},
                "id": row["placement"],
                "marginal_roas": row["revenue"] / row["spend"] if row["spend"] else 0.0,
            }
            for row in rows
        ]
        t = totals[key]
        plans.append(
            {
                "store_id": store_id,
                "created_by_id": run.created_by_id,
                "kind": "platform",
                "objective": run.objective,
                "budget": Decimal(str(budget)),
                "platform_run_id": run.id,
                "created_at": now,
                "request": {"platform_run": run.id, "budget": budget},
                "result": {
                    "status": "optimal",
                    "objective": run.objective,
                    "allocations": allocations,
                    "totals": {
                        **{k: t[k] for k in ("spend", "clicks", "conversions", "revenue", "roas")},
                        "profit": None,
                    },
                    "shadow_prices": {"budget": 0.0},
                    "binding": [],
                    "diagnosis": [],
                    "notes": [RECOMMENDATION_NOTE],
                },
            }
        )
    db.session.execute(insert(BudgetPlan), plans)
    _progress(run, 85, "Telling each merchant")
    merchants = {
        u.id: u
        for u in db.session.scalars(
            select(User).where(User.id.in_([m for _, m, _ in stores.values()]))
        )
    }
    plan_ids = dict(
        db.session.execute(
            select(BudgetPlan.store_id, BudgetPlan.id).where(BudgetPlan.platform_run_id == run.id)
        ).all()
    )
    for store_id, merchant_id, _ in stores.values():
        notify(
            merchants[merchant_id],
            "A new ad recommendation for your store",
            "Business operations ran the platform plan: here is your recommended allocation.",
            url_for("budget.plan", plan_id=plan_ids[store_id]),
        )
    run.summary = {
        "objective_value": answer["objective_value"],
        "merchants": len(stores),
        "placement_prices": answer["placement_prices"],
        "spend": sum(t["spend"] for t in answer["merchant_totals"]),
        "revenue": sum(t["revenue"] for t in answer["merchant_totals"]),
    }
    run.finished_at = utcnow()
    planned = f"{len(stores):,} merchant{'' if len(stores) == 1 else 's'}"
    _progress(run, 100, f"Done: {planned} planned", "done")
