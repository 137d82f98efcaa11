"""Account management, recall work and the materialised summaries the growth pages read."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..i18n import _l
from ..timeutil import utcnow
from .recall_messages import TEMPLATE_LABELS

MONEY = sa.Numeric(14, 2)


class MerchantAccount(db.Model):
    """Which merchant-ops account manager answers for a store, and its monthly GMV target."""

    __tablename__ = "merchant_accounts"

    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), primary_key=True)
    manager_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    monthly_gmv_target: Mapped[Decimal | None] = mapped_column(MONEY)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


RECALL_KINDS = {"message": _l("Message sent"), "call": _l("Call logged"), "snooze": _l("Snoozed")}


class RecallAction(db.Model):
    """One thing an account manager did to bring a merchant back. Its outcome (did GMV come
    back within 30 days?) is read from the sales rollups, never stored."""

    __tablename__ = "recall_actions"
    __table_args__ = (
        sa.Index("ix_recall_actions_store_created", "store_id", "created_at"),
        # one action per render of the form: a double submit sends the message once
        sa.Index("uq_recall_actions_form_key", "store_id", "form_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"))
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(10))
    stage: Mapped[str] = mapped_column(sa.String(20))  # the stage the merchant was in then
    template: Mapped[str | None] = mapped_column(sa.String(30))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    snooze_until: Mapped[date | None]
    form_key: Mapped[str | None] = mapped_column(sa.String(32))  # the render it came from
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def kind_label(self) -> str:
        return RECALL_KINDS.get(self.kind, self.kind)

    @property
    def stage_label(self) -> str:
        from .lifecycle import Stage

        return Stage(self.stage).label if self.stage in set(Stage) else self.stage

    @property
    def template_label(self) -> str:
        return TEMPLATE_LABELS.get(self.template or "", self.template or "")


class StageSnapshot(db.Model):
    """The lifecycle function's answer for every store at a month end (and at the last
    refresh), kept so the dashboard can count stages and moves without recomputing 10,000
    histories per request. Written only by ``summaries.refresh``; the live stage shown on
    the business page and the book is computed afresh."""

    __tablename__ = "stage_snapshots"
    __table_args__ = (sa.Index("ix_stage_snapshots_as_of_stage", "as_of", "stage"),)

    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), primary_key=True)
    as_of: Mapped[date] = mapped_column(primary_key=True)
    stage: Mapped[str] = mapped_column(sa.String(20))


class CategoryDemand(db.Model):
    """Demand against supply per category over the last weeks, refreshed with the snapshots."""

    __tablename__ = "category_demand"

    category: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    gmv_recent: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    gmv_before: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    units_recent: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    live_listings: Mapped[int] = mapped_column(default=0)
    weeks: Mapped[int] = mapped_column(default=8)
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def growth_pct(self) -> float | None:
        if not self.gmv_before:
            return None
        return float((self.gmv_recent - self.gmv_before) / self.gmv_before * 100)

    @property
    def units_per_listing(self) -> float:
        return (
            self.units_recent / self.live_listings
            if self.live_listings
            else float(self.units_recent)
        )


class StageMove(db.Model):
    """How many merchants went from one stage to another between two snapshot dates."""

    __tablename__ = "stage_moves"

    as_of: Mapped[date] = mapped_column(primary_key=True)  # the later of the two dates
    from_stage: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    to_stage: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    merchants: Mapped[int]
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow)


class HealthSnapshot(db.Model):
    """A store's health score on a day, written by the nightly snapshot job: one row per store
    and day (the key holds it), a re-run the same day replaces the score."""

    __tablename__ = "health_snapshots"
    __table_args__ = (sa.Index("ix_health_snapshots_day", "day"),)

    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    score: Mapped[int]
    worst: Mapped[str | None] = mapped_column(sa.String(30))  # the costliest problem's code
    refreshed_at: Mapped[datetime] = mapped_column(default=utcnow)


class HealthCrossing(db.Model):
    """A store's score falling below the recall threshold: one row per fall (the day it was
    first seen below), so the manager is told once and the worklist says since when."""

    __tablename__ = "health_crossings"
    __table_args__ = (sa.UniqueConstraint("store_id", "day", name="uq_health_crossings_store_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"))
    day: Mapped[date]
    score: Mapped[int]
    previous_score: Mapped[int | None]
    threshold: Mapped[int]
    worst: Mapped[str | None] = mapped_column(sa.String(30))  # the costliest problem's code
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GrowthSetting(db.Model):
    """A number admins set for merchant ops in place of its configured default (the health
    line under which stores are recalled); one row per name, held by the primary key."""

    __tablename__ = "growth_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(40), unique=True)
    value: Mapped[int]
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
