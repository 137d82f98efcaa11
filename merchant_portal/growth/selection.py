"""Product selection: categories where shoppers' demand is growing faster than supply."""

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from sqlalchemy import delete, func, select

from ..extensions import db
from ..i18n import ngettext
from ..onboarding.catalog import category_label
from ..onboarding.products.models import Product
from ..sales.models import ProductWeek, week_of
from ..timeutil import utcnow
from ..workflow.reviewable import ReviewStatus
from .models import CategoryDemand

WEEKS = 8  # the last 4 weeks against the 4 before them
MIN_GROWTH_PCT = 15.0


@dataclass(frozen=True)
class Suggestion:
    category: str
    growth_pct: float
    live_listings: int
    units_per_listing: float
    own_category: bool

    @property
    def sentence(self) -> str:
        return ngettext(
            "%(category)s: sales up %(growth).0f%% in %(weeks)d weeks, %(listings)s live listing",
            "%(category)s: sales up %(growth).0f%% in %(weeks)d weeks, %(listings)s live listings",
            self.live_listings,
            category=category_label(self.category),  # 园艺, not the stored code Garden
            growth=self.growth_pct,
            weeks=WEEKS,
            listings=f"{self.live_listings:,}",
        )


def refresh_category_demand(today: date) -> None:
    """Rewrites the per-category summary from the product-week rollup (a job, not a page)."""
    this_week = week_of(today)
    recent_from = this_week - timedelta(weeks=WEEKS // 2)
    before_from = this_week - timedelta(weeks=WEEKS)
    category = func.coalesce(Product.category, "Other")
    sums = {
        name: (gmv_recent, gmv_before, units)
        for name, gmv_recent, gmv_before, units in db.session.execute(
            select(
                category,
                func.coalesce(func.sum(ProductWeek.gmv).filter(ProductWeek.week >= recent_from), 0),
                func.coalesce(func.sum(ProductWeek.gmv).filter(ProductWeek.week < recent_from), 0),
                func.coalesce(
                    func.sum(ProductWeek.units).filter(ProductWeek.week >= recent_from), 0
                ),
            )
            .join(Product, Product.id == ProductWeek.product_id)
            .where(ProductWeek.week >= before_from, ProductWeek.week < this_week)
            .group_by(category)
        )
    }
    listings = dict(
        db.session.execute(
            select(category, func.count())
            .where(Product.status == ReviewStatus.APPROVED)
            .group_by(category)
        ).all()
    )
    db.session.execute(delete(CategoryDemand))
    now = utcnow()
    for name in sorted(set(sums) | set(listings)):
        gmv_recent, gmv_before, units = sums.get(name, (0, 0, 0))
        db.session.add(
            CategoryDemand(
                category=name,
                gmv_recent=gmv_recent,
                gmv_before=gmv_before,
                units_recent=int(units),
                live_listings=listings.get(name, 0),
                weeks=WEEKS,
                refreshed_at=now,
            )
        )


# built once: every business page and checklist reads the table for its suggestions
_DEMAND = select(CategoryDemand).order_by(CategoryDemand.category)


def demand_table() -> list[CategoryDemand]:
    return list(db.session.scalars(_DEMAND))


def suggestions(own_category: str | None = None, limit: int = 3) -> list[Suggestion]:
    """Categories growing at least MIN_GROWTH_PCT whose units sold per live listing are at or
    above the marketplace's median: demand is there and supply is thin."""
    rows = demand_table()
    if not rows:
        return []
    typical = median(row.units_per_listing for row in rows)
    picked = [
        Suggestion(
            row.category,
            row.growth_pct,
            row.live_listings,
            row.units_per_listing,
            row.category == own_category,
        )
        for row in rows
        if row.growth_pct is not None
        and row.growth_pct >= MIN_GROWTH_PCT
        and row.units_per_listing >= typical
    ]
    picked.sort(key=lambda s: s.units_per_listing * (1 + s.growth_pct / 100), reverse=True)
    return picked[:limit]
