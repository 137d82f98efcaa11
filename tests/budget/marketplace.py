"""A small marketplace for platform-plan tests: a catalogue, approved stores with their own
plans (made as the plan page makes them) and, for one store, results that raise its rates."""

import re
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from merchant_portal.auth.models import User
from merchant_portal.budget.models import BudgetPlan, PerformanceRecord, Placement
from merchant_portal.budget.plans.stored import stored_result
from merchant_portal.budget.requests import plan_request
from merchant_portal.extensions import db
from merchant_portal.onboarding.store.models import Store
from merchant_portal.workflow.reviewable import ReviewStatus
from optimizer.single import parse_plan_request, plan

from .. import factories


def catalogue(search_clicks: int | None, slot: bool = True, saturated: bool = False) -> None:
    """Search: 3.75 of revenue per 1.00 spent (before saturation); the feed: 1.65."""
    factories.make_placement(
        "search_top", name="Search results, top", inventory=search_clicks,
        half_spend=Decimal(3000) if saturated else None,
    )  # fmt: skip
    factories.make_placement(
        "feed", name="Recommendation feed", channel="feed", pricing="cpm", price=Decimal(12),
        prior_ctr=0.012, prior_cvr=0.03, prior_aov=Decimal(55),
        half_spend=Decimal(4000) if saturated else None,
    )  # fmt: skip
    if slot:
        factories.make_placement(
            "home_banner", name="Home page banner", channel="display", pricing="slot",
            price=Decimal(2000), inventory=7, impressions_per_slot=150_000, prior_ctr=0.004,
            prior_cvr=0.02, prior_aov=Decimal(70),
        )  # fmt: skip


def shop(name: str, email: str) -> Store:
    _, store = factories.make_merchant(email=email, store_name=name, status=ReviewStatus.APPROVED)
    return store


def own_plan(
    store: Store, by: User, budget: float, min_roas: float | None = None, **choices
) -> BudgetPlan:
    """The store's own plan over the whole catalogue, as a planner runs it from the plan page
    (``choices``: bounds, shares, spend_all as the plan form gives them)."""
    placements = list(db.session.scalars(select(Placement).order_by(Placement.id)))
    choices = {"budget": budget, "objective": "revenue", "min_roas": min_roas, **choices}
    request = plan_request(placements, choices)
    made = BudgetPlan(
        store_id=store.id, created_by_id=by.id, kind="planner", objective="revenue",
        budget=Decimal(str(budget)), request=request,
        result=stored_result(plan(parse_plan_request(request))),
    )  # fmt: skip
    db.session.add(made)
    db.session.flush()
    return made


def search_results(store: Store, by: User, orders: int) -> None:
    """2,000 search clicks that brought ``orders`` orders of 60.00: 200 orders teach a
    conversion rate of 205 / 2,100 (~9.8%), 10 orders 15 / 2,100 (~0.7%)."""
    search = db.session.scalar(select(Placement).where(Placement.code == "search_top"))
    db.session.add(
        PerformanceRecord(
            store_id=store.id, placement_id=search.id, period_start=date(2026, 11, 1),
            period_end=date(2026, 11, 14), spend=Decimal(1600), impressions=0, clicks=2000,
            conversions=orders, revenue=Decimal(60 * orders), recorded_by_id=by.id,
        )
    )  # fmt: skip
    db.session.flush()


def two_stores_share_scarce_search(planner: User) -> tuple[Store, Store]:
    """Search sells 2,000 clicks (1,600.00); Ash (budget 1,000) and Birch (1,500, whose results
    make search pay it twice as much) each planned it alone onto search. Together they want
    more than there is: Birch's whole budget buys search, Ash gets what is left."""
    catalogue(search_clicks=2000)
    ash, birch = shop("Ash Goods", "ash@example.com"), shop("Birch Goods", "birch@example.com")
    own_plan(ash, planner, 1000)
    own_plan(birch, planner, 1500)
    search_results(birch, planner, orders=200)
    db.session.commit()
    return ash, birch


def text(html: str) -> str:
    """The page as a reader sees it: tags gone, entities read, spaces collapsed."""
    html = re.sub(r"<[^>]+>", " ", html)
    html = html.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", '"')
    return re.sub(r"\s+", " ", html)
