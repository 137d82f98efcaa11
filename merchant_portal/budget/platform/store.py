"""Storing a finished platform run: each merchant's share as a plan, a notification to each,
and the run's summary."""

from decimal import Decimal

from flask import url_for
from sqlalchemy import insert, select

from ...auth.models import User
from ...extensions import db
from ...notifications.services import notify
from ...timeutil import utcnow
from ..models import BudgetPlan, PlatformRun
from ..plans.stored import platform_share
from .request import StoreKeys

RECOMMENDATION_NOTE = (
    "A platform recommendation: your share of the shared inventory, planned together with "
    "every other merchant's budget."
)


def store_shares(run: PlatformRun, answer: dict, stores: StoreKeys) -> None:
    """One plan per store in one statement (a run covers thousands of stores)."""
    by_store: dict[str, list] = {}
    for row in answer["allocations"]:
        by_store.setdefault(row["merchant"], []).append(row)
    totals = {row["merchant"]: row for row in answer["merchant_totals"]}
    now = utcnow()
    plans = [
        {
            "store_id": store_id,
            "created_by_id": run.created_by_id,
            "kind": "platform",
            "objective": run.objective,
            "budget": Decimal(str(budget)),
            "platform_run_id": run.id,
            "created_at": now,
            "request": {"platform_run": run.id, "budget": budget},
            "result": platform_share(
                run.objective, by_store.get(key, []), totals[key], RECOMMENDATION_NOTE
            ),
        }
        for key, (store_id, _, budget) in stores.items()
    ]
    db.session.execute(insert(BudgetPlan), plans)


def tell_merchants(run: PlatformRun, stores: StoreKeys) -> None:
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


def summary(answer: dict, stores: StoreKeys) -> dict:
    return {
        "objective_value": answer["objective_value"],
        "merchants": len(stores),
        "placement_prices": answer["placement_prices"],
        "spend": sum(t["spend"] for t in answer["merchant_totals"]),
        "revenue": sum(t["revenue"] for t in answer["merchant_totals"]),
    }
