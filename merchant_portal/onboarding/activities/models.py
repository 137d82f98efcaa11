from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...extensions import db
from ...i18n import reading_chinese
from ...timeutil import utcnow
from ...workflow.reviewable import Reviewable, ReviewStatus, review_status_column


class Activity(db.Model):
    """A platform promotion merchants register live products into."""

    __tablename__ = "activities"
    # one promotion per render of the new-promotion form: a double click on save makes one
    __table_args__ = (sa.Index("uq_activities_form_key", "form_key", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    # its name on pages in the other language (双十一 / Singles' Day): shown where given
    name_zh: Mapped[str | None] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    registration_opens_at: Mapped[datetime]
    registration_closes_at: Mapped[datetime]
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    categories: Mapped[list] = mapped_column(sa.JSON, default=list)  # empty: every category
    min_discount_pct: Mapped[Decimal] = mapped_column(sa.Numeric(5, 2), default=Decimal(0))
    min_promo_stock: Mapped[int] = mapped_column(default=0)
    max_products_per_store: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    form_key: Mapped[str | None] = mapped_column(sa.String(32))  # the form render it came from

    def registration_open(self, now: datetime) -> bool:
        return self.registration_opens_at <= now <= self.registration_closes_at

    @property
    def label(self) -> str:
        """Its name in the reader's language: the Chinese one on Chinese pages where given."""
        return (self.name_zh if reading_chinese() else self.name) or self.name


class ActivityRegistration(Reviewable, db.Model):
    __tablename__ = "activity_registrations"
    __table_args__ = (
        # one registration per product and activity, however often the form is sent
        sa.UniqueConstraint("activity_id", "product_id", name="uq_activity_registrations_product"),
    )
    review_kind = "registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("activities.id"), index=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id"), index=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), index=True)
    promo_price: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    promo_stock: Mapped[int]
    status: Mapped[ReviewStatus] = mapped_column(
        review_status_column(), default=ReviewStatus.SUBMITTED, index=True
    )
    submitted_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    activity = relationship("Activity", lazy="raise")
    product = relationship("Product", lazy="raise")
