"""The checklist's steps after onboarding: first sale, first promotion result, a growth step.

Derived from the sales rollups every time, like the onboarding steps (three statements)."""

from sqlalchemy import bindparam, func, select

from ..extensions import db
from ..i18n import _
from ..onboarding.catalog import category_label
from ..onboarding.checklist import Step, StepState, add_later_steps
from ..onboarding.store.models import Store
from ..sales.models import StoreWeek
from ..timeutil import market_today
from ..workflow.reviewable import ReviewStatus
from .business import promotion_uplift
from .health_facts import store_health
from .selection import suggestions

# built once: the checklist asks on every view
_FIRST_SALE_WEEK = select(func.min(StoreWeek.week)).where(
    StoreWeek.store_id == bindparam("store_id"), StoreWeek.orders > 0
)


def growth_steps(store: Store) -> list[Step]:
    """Nothing until the store is approved: a new merchant's checklist stays about onboarding."""
    if store.status != ReviewStatus.APPROVED:
        return []
    first_week = db.session.scalar(_FIRST_SALE_WEEK, {"store_id": store.id})
    if first_week:
        first_sale = Step(
            "first_sale",
            _("Make your first sale"),
            StepState.DONE,
            _("Your first sale came in the week of %(week)s.", week=first_week.isoformat()),
            _("See your business"),
            "growth.business",
        )
    else:
        first_sale = Step(
            "first_sale",
            _("Make your first sale"),
            StepState.TODO,
            _("Once a live product sells, your figures appear under Business."),
            _("See your products"),
            "products.index",
        )
    results = [p for p in promotion_uplift(store.id, market_today()) if p.days > 0]
    if results:
        latest = results[0]
        promotion = Step(
            "first_promotion_result",
            _("See what a promotion added"),
            StepState.DONE,
            _(
                "%(promotion)s added %(added)s against the weeks before it.",
                promotion=latest.name,
                added=f"{latest.added:,.2f}",
            ),
            _("See your business"),
            "growth.business",
        )
    else:
        promotion = Step(
            "first_promotion_result",
            _("See what a promotion added"),
            StepState.LOCKED,
            _("When a promotion you joined starts, what it added shows here."),
        )
    return [first_sale, promotion, _growth_step(store, bool(first_week)), _health_step(store)]


def _health_step(store: Store) -> Step:
    """The store's health, with each problem, its fix and its points, as the checklist's
    reasons; the business page explains the score in full."""
    health = store_health([store.id], market_today())[store.id]
    title = _("Keep your store healthy")
    if not health.problems:
        return Step("store_health", title, StepState.DONE,
                    _("Health %(score)d of 1000: nothing is costing points.", score=health.score),
                    _("See your business"), "growth.business")  # fmt: skip
    top = health.problems[0]
    return Step(
        "store_health",
        title,
        StepState.TODO,
        _("Health %(score)d of 1000. Worth most: %(fix)s (+%(points)d)",
          score=health.score, fix=top.fix, points=top.points),
        _("See your store health"),
        "growth.business",
        reasons=tuple(
            _("%(problem)s: %(fix)s (+%(points)d)", problem=p.what, fix=p.fix, points=p.points)
            for p in health.problems
        ),
    )  # fmt: skip


def _growth_step(store: Store, has_sold: bool) -> Step:
    title = _("Grow: your next step")
    if not has_sold:
        return Step("growth_step", title, StepState.LOCKED, _("Suggested after your first sale."))
    ideas = suggestions(store.category, limit=1)
    if ideas:
        return Step(
            "growth_step",
            title,
            StepState.TODO,
            _(
                "List a product in %(category)s. %(demand)s: shoppers want more.",
                category=category_label(ideas[0].category),
                demand=ideas[0].sentence,
            ),
            _("Add a product"),
            "products.new",
        )
    return Step(
        "growth_step",
        title,
        StepState.TODO,
        _("Restock and promote your best sellers: see which products carry your GMV."),
        _("See your business"),
        "growth.business",
    )


add_later_steps(growth_steps)
