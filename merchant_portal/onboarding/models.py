from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..reviewable import ReviewStatus, review_status_column
from ..timeutil import utcnow


class Store(db.Model):
    __tablename__ = "stores"

    id: Mapped[int] = mapped_column(primary_key=True)
    merchant_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    category: Mapped[str | None] = mapped_column(sa.String(60))
    description: Mapped[str | None] = mapped_column(sa.Text)
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    shipping_policy: Mapped[str | None] = mapped_column(sa.Text)
    return_policy: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[ReviewStatus] = mapped_column(
        review_status_column(), default=ReviewStatus.DRAFT, index=True
    )
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    merchant = relationship("User", lazy="raise")
    products = relationship("Product", back_populates="store", lazy="raise")


class Product(db.Model):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    category: Mapped[str | None] = mapped_column(sa.String(60))
    price: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    stock: Mapped[int | None]
    attributes: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[ReviewStatus] = mapped_column(
        review_status_column(), default=ReviewStatus.DRAFT, index=True
    )
    submitted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    store = relationship("Store", back_populates="products", lazy="raise")

    @property
    def is_live(self) -> bool:
        return self.status == ReviewStatus.APPROVED


class Activity(db.Model):
    """A platform promotion merchants register live products into."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
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

    def registration_open(self, now: datetime) -> bool:
        return self.registration_opens_at <= now <= self.registration_closes_at
