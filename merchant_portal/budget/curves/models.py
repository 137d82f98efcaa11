"""A fit of the response curves, stored as a numbered version with one row per store and
placement and one per placement. Exactly one version is accepted at a time: the partial
unique index on ``status`` holds that, however close together two planners accept."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...extensions import db
from ...timeutil import utcnow

FITTED, ACCEPTED, RETIRED = "fitted", "accepted", "retired"
_ACCEPTED_SQL = sa.text("status = 'accepted'")


class CurveFit(db.Model):
    __tablename__ = "curve_fits"
    __table_args__ = (
        sa.Index(
            "uq_curve_fits_one_accepted",
            "status",
            unique=True,
            sqlite_where=_ACCEPTED_SQL,
            postgresql_where=_ACCEPTED_SQL,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    # the job that fitted it: a task delivered twice finds its version stored and stops
    job_id: Mapped[int | None] = mapped_column(sa.ForeignKey("jobs.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))  # None: nightly
    status: Mapped[str] = mapped_column(sa.String(12), default=FITTED)
    weeks: Mapped[int]
    curves: Mapped[int]
    explored: Mapped[int]  # curves whose spend went far enough to show where they bend
    holdout_weeks: Mapped[int]
    holdout_error: Mapped[float | None]
    # the share of held-back weeks inside the fit's 90% range (None: no holdout, or older fit)
    holdout_coverage: Mapped[float | None]
    # what was fitted: a digest of every weekly result read. A second fit of the same results
    # (a double click on "fit now" when the first already finished) finds this one instead of
    # storing a copy; the unique index holds that however close together the two ran
    results_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    seconds: Mapped[float]
    method: Mapped[str] = mapped_column(sa.String(40))
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    created_by = relationship("User", foreign_keys=[created_by_id], lazy="joined")
    accepted_by = relationship("User", foreign_keys=[accepted_by_id], lazy="joined")

    @property
    def explored_share(self) -> float | None:
        """The share of curves the data explored (the rest carry their placement's curve
        with a wide band). Not a measure of calibration: ``holdout_coverage`` is."""
        return self.explored / self.curves if self.curves else None


class FittedCurve(db.Model):
    """One store's curve on one placement: conversions per unit of spend at the start (k) and
    the spend at which half of that pace is lost (h), each with its 90% interval."""

    __tablename__ = "fitted_curves"
    __table_args__ = (sa.UniqueConstraint("fit_id", "placement_id", "store_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fit_id: Mapped[int] = mapped_column(sa.ForeignKey("curve_fits.id", ondelete="CASCADE"))
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), index=True)
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placements.id"))
    weeks: Mapped[int]
    half_spend: Mapped[float]
    half_spend_low: Mapped[float]
    half_spend_high: Mapped[float]
    per_spend: Mapped[float]
    per_spend_low: Mapped[float]
    per_spend_high: Mapped[float]
    aov: Mapped[float | None]
    explored: Mapped[bool]


class FittedPlacement(db.Model):
    """A placement's pooled curve (what a store with little data gets) and its carryover."""

    __tablename__ = "fitted_placements"
    __table_args__ = (sa.UniqueConstraint("fit_id", "placement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fit_id: Mapped[int] = mapped_column(sa.ForeignKey("curve_fits.id", ondelete="CASCADE"))
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placements.id"))
    carryover: Mapped[float]
    carryover_low: Mapped[float]
    carryover_high: Mapped[float]
    half_spend: Mapped[float]
    per_spend: Mapped[float]
    # where nine in ten of its stores' curves lie: the band of a store without a curve of its
    # own (None on fits stored before the band was)
    half_spend_low: Mapped[float | None]
    half_spend_high: Mapped[float | None]
    per_spend_low: Mapped[float | None]
    per_spend_high: Mapped[float | None]
    aov: Mapped[float | None]
    stores: Mapped[int]
