from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..i18n import _l, reading_chinese
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
    name: Mapped[str] = mapped_column(sa.String(80))  # in English
    # its name on Chinese pages (搜索结果顶部); placements are data, so are their names
    name_zh: Mapped[str | None] = mapped_column(sa.String(80))
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
    def label(self) -> str:
        """Its name in the reader's language (the English one where no Chinese is given)."""
        return (self.name_zh if reading_chinese() else self.name) or self.name

    @property
    def pricing_label(self) -> str:
        return PRICING_LABELS.get(self.pricing, self.pricing)


class BudgetPlan(db.Model):
    """One optimizer run for one store: the request, the answer, who ran it and when."""

    __tablename__ = "budget_plans"
    # one recommendation per store and platform run, however often storing the run is retried
    __table_args__ = (
        sa.UniqueConstraint("platform_run_id", "store_id"),
        sa.Index("ix_budget_plans_run_position", "platform_run_id", "list_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(20))  # "planner" or "self_service"
    objective: Mapped[str] = mapped_column(sa.String(20))
    budget: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    request: Mapped[dict] = mapped_column(sa.JSON)
    result: Mapped[dict] = mapped_column(sa.JSON)
    viewed_by_merchant_at: Mapped[datetime | None]
    # The weeks the plan is for: ``budget`` (and every allocation) is per week, the budget
    # typed was per week or for the whole period (``budget_basis``), ``period_budget`` the
    # whole. None on plans made before plans had a period.
    period_start: Mapped[date | None]  # a Monday
    weeks: Mapped[int | None]
    budget_basis: Mapped[str | None] = mapped_column(sa.String(10))  # "weekly" or "total"
    period_budget: Mapped[Decimal | None] = mapped_column(sa.Numeric(16, 2))
    replanned_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("budget_plans.id"))
    platform_run_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("platform_runs.id"), index=True
    )
    # a run's share: its place in the run's list (store name order when the run was stored),
    # so a page of 100,000 shares is read by number (``platform.shares``); None outside runs
    list_position: Mapped[int | None]
    # the accepted fit whose curves it was planned on, and on which estimate ("central" or
    # "cautious", the lower band); None: the placements' typed curves and learned rates
    curve_fit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("curve_fits.id"))
    curve_basis: Mapped[str | None] = mapped_column(sa.String(10))
    # the render of the re-plan button it came from: a double submit makes one plan
    form_key: Mapped[str | None] = mapped_column(sa.String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    curve_fit = relationship("CurveFit", lazy="select")

    @property
    def period_end(self) -> date | None:
        """The period's last day (a Sunday)."""
        if self.period_start is None or not self.weeks:
            return None
        # a row stored before the form bounded the first week may run past the calendar
        try:
            return self.period_start + timedelta(weeks=self.weeks, days=-1)
        except OverflowError:
            return date.max


def _week_of_first_day(context) -> date:
    """A row made with only its period (seeds, older code) goes under its first day's week."""
    start = context.get_current_parameters()["period_start"]
    return start - timedelta(days=start.weekday())


class PerformanceRecord(db.Model):
    """What a store's ads on one placement actually did in one week (the week's Monday).

    One row per store, placement and week, held by the unique constraint: the form saved
    twice or a CSV carrying a week already recorded replaces the figures instead of counting
    them twice in the learned rates."""

    __tablename__ = "performance_records"
    __table_args__ = (
        sa.Index("ix_performance_records_store_placement", "store_id", "placement_id"),
        sa.UniqueConstraint(
            "store_id", "placement_id", "week", name="uq_performance_records_store_placement_week"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"))
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placements.id"))
    week: Mapped[date] = mapped_column(default=_week_of_first_day)  # a Monday
    # the days the figures cover: the week itself, or a longer period recorded before weeks
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
    # the figures this row replaced (with their own ``replaced``), so undoing the import that
    # replaced them puts them back instead of losing the week
    replaced: Mapped[dict | None] = mapped_column(sa.JSON(none_as_null=True))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)  # when these figures came


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

    # A run is a draft until a planner publishes it: merchants see and are told of nothing
    # before. Publishing is one conditional update on ``state`` (draft -> published), so a
    # second publish, in another tab or a double click, finds it published and does nothing.
    state: Mapped[str] = mapped_column(sa.String(12), default="draft", server_default="draft")
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # what the planner took out before re-running: {"stores": [ids], "placements": [codes]}
    excluded: Mapped[dict | None] = mapped_column(sa.JSON(none_as_null=True))
    rerun_of_id: Mapped[int | None] = mapped_column(sa.ForeignKey("platform_runs.id"))
    # as on a plan: the fit whose curves the run used, and on which estimate
    curve_fit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("curve_fits.id"))
    curve_basis: Mapped[str | None] = mapped_column(sa.String(10))

    job: Mapped[Job | None] = relationship(lazy="joined")
    curve_fit = relationship("CurveFit", lazy="select")

    @property
    def succeeded(self) -> bool:
        return self.job is not None and self.job.status == "succeeded"


class PlatformRunExclusion(db.Model):
    """A store a planner marked to leave out of a draft's re-run. A row, not a list on the
    run: marks made on one page stay when the planner pages on, and marking the same store
    twice (two tabs, a double click) is one row, held by the unique constraint."""

    __tablename__ = "platform_run_exclusions"
    __table_args__ = (sa.UniqueConstraint("run_id", "store_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(sa.ForeignKey("platform_runs.id", ondelete="CASCADE"))
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AdBudget(db.Model):
    """A store's monthly ad budget, set by its merchant on their ads page or by a planner:
    what puts the store in the platform run, plan of its own or not."""

    __tablename__ = "ad_budgets"

    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), primary_key=True)
    monthly: Mapped[Decimal] = mapped_column(sa.Numeric(14, 2))
    set_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
