from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..i18n import _l
from ..jobs.models import Job
from ..timeutil import utcnow

PRICING_LABELS = {
    "cpc": _l("Cost per click"),
    "cpm": _l("Cost per thousand impressions"),
    "slot": _l("Fixed-price slots"),
    "curve": _l("Measured response curve"),
}


class Placement(db.Model):
    """An advertising placement the platform sells, with its prior response rates."""

    __tablename__ = "placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    channel: Mapped[str] = mapped_column(sa.String(40))
    pricing: Mapped[str] = mapped_column(sa.String(10))
    price: Mapped[Decimal] = mapped_column(sa.Numeric(12, 4))
    # Units the platform can sell per period: clicks (cpc), impressions (cpm) or slots.
    inventory: Mapped[int | None]
    impressions_per_slot: Mapped[int | None]
    half_spend: Mapped[Decimal | None] = mapped_column(sa.Numeric(14, 2))
    prior_ctr: Mapped[float | None]
    prior_cvr: Mapped[float]
    prior_aov: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    prior_strength: Mapped[int] = mapped_column(default=100)
    # a measured response curve: [[spend, clicks], ...] from [0, 0] (pricing "curve")
    curve_points: Mapped[list | None] = mapped_column(sa.JSON)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def pricing_label(self) -> str:
        return PRICING_LABELS.get(self.pricing, self.pricing)


class BudgetPlan(db.Model):
    """One optimizer run for one store: the request, the answer, who ran it and when."""

    __tablename__ = "budget_plans"
    # one recommendation per store and platform run, however often storing the run is retried
    __table_args__ = (sa.UniqueConstraint("platform_run_id", "store_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))  # "planner" or "self_service"
    objective: Mapped[str] = mapped_column(sa.String(20))
    budget: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    request: Mapped[dict] = mapped_column(sa.JSON)
    result: Mapped[dict] = mapped_column(sa.JSON)
    viewed_by_merchant_at: Mapped[datetime | None]
    platform_run_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("platform_runs.id"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class PerformanceRecord(db.Model):
    """What a store's ads on one placement actually did over one period."""

    __tablename__ = "performance_records"
    __table_args__ = (
        sa.Index("ix_performance_records_store_placement", "store_id", "placement_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"))
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placements.id"))
    period_start: Mapped[date]
    period_end: Mapped[date]
    spend: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    impressions: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    clicks: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    conversions: Mapped[int] = mapped_column(default=0)
    revenue: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # the CSV import that brought it, so the import can be undone as a whole
    import_batch_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("import_batches.id"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PlatformRun(db.Model):
    """One platform plan over every approved merchant; its progress is its job's."""

    __tablename__ = "platform_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    objective: Mapped[str] = mapped_column(sa.String(20))
    job_id: Mapped[int | None] = mapped_column(sa.ForeignKey("jobs.id"), index=True)
    # written with every merchant's plan in one transaction: the run's checkpoint
    summary: Mapped[dict | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    job: Mapped[Job | None] = relationship(lazy="joined")

    @property
    def succeeded(self) -> bool:
        return self.job is not None and self.job.status == "succeeded"
