"""Storing a finished platform run: each merchant's share as a plan, a notification to each,
and the run's summary."""

from decimal import Decimal

from flask import url_for
from sqlalchemy import exists, func, insert, select

from ...auth.models import User
from ...extensions import db
from ...notifications.models import Notification
from ...notifications.services import notify
from ...onboarding.store.models import Store
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


def _key_prefix(run: PlatformRun) -> str:
    return f"platform-run:{run.id}:user:"


def merchants_to_tell(run: PlatformRun, limit: int) -> list[tuple[int, int]]:
    """(plan id, merchant id) of the run's plans whose merchant has no notice of it yet."""
    told = exists().where(
        Notification.user_id == Store.merchant_id,
        Notification.key.like(f"{_key_prefix(run)}%"),
    )
    query = (
        select(BudgetPlan.id, Store.merchant_id)
        .join(Store, Store.id == BudgetPlan.store_id)
        .where(BudgetPlan.platform_run_id == run.id, ~told)
        .order_by(BudgetPlan.id)
        .limit(limit)
    )
    return [(plan_id, merchant_id) for plan_id, merchant_id in db.session.execute(query)]


def merchants_told(run: PlatformRun) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.key.like(f"{_key_prefix(run)}%"))
    )


def tell_merchants(run: PlatformRun, batch: list[tuple[int, int]]) -> None:
    """A notice (and its mail) to each merchant in ``batch``; the caller commits the batch."""
    merchants = {
        u.id: u for u in db.session.scalars(select(User).where(User.id.in_([m for _, m in batch])))
    }
    for plan_id, merchant_id in batch:
        notify(
            merchants[merchant_id],
            "A new ad recommendation for your store",
            "Business operations ran the platform plan: here is your recommended allocation.",
            url_for("budget.plan", plan_id=plan_id),
            key=f"{_key_prefix(run)}{merchant_id}",
        )


def summary(answer: dict, stores: StoreKeys) -> dict:
    return {
        "objective_value": answer["objective_value"],
        "merchants": len(stores),
        "placement_prices": answer["placement_prices"],
        "spend": sum(t["spend"] for t in answer["merchant_totals"]),
        "revenue": sum(t["revenue"] for t in answer["merchant_totals"]),
    }
