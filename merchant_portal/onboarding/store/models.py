from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...extensions import db
from ...i18n.name_order import COLLATION
from ...timeutil import market_today, utcnow
from ...workflow.reviewable import Reviewable, ReviewStatus
from ..categories.kinds import kind_label

EARLIEST_EXPIRY = date(2000, 1, 1)  # what a reviewer may record as printed (lapsed long ago)
EXPIRY_YEARS = 50  # a validity further ahead is a typing slip


def latest_expiry(today: date) -> date:
    return today + timedelta(days=365 * EXPIRY_YEARS + EXPIRY_YEARS // 4)


PROFILE_FIELDS = ("category", "description", "contact_email", "shipping_policy", "return_policy")
# How the checklist names a missing profile field.
PROFILE_FIELD_LABELS = {
    "category": _l("category"),
    "description": _l("description"),
    "contact_email": _l("contact email"),
    "shipping_policy": _l("shipping policy"),
    "return_policy": _l("return policy"),
}


def profile_field_label(name: str) -> str:
    return str(PROFILE_FIELD_LABELS.get(name, name.replace("_", " ")))


class Store(Reviewable, db.Model):
    __tablename__ = "stores"
    # lists in name order walk these (a platform run's 100,000 shares, budget.platform.shares):
    # PostgreSQL's in pinyin order (i18n.name_order), SQLite's as stored
    __table_args__ = (
        sa.Index("ix_stores_name_id", "name", "id"),
        sa.Index(
            "ix_stores_name_pinyin_id", sa.text(f"name COLLATE {COLLATION}"), "id",
            info={"postgresql_only": True},
        ).ddl_if(dialect="postgresql"),
    )  # fmt: skip
    review_kind = "store"

    id: Mapped[int] = mapped_column(primary_key=True)
    merchant_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    category: Mapped[str | None] = mapped_column(sa.String(60))
    description: Mapped[str | None] = mapped_column(sa.Text)
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    shipping_policy: Mapped[str | None] = mapped_column(sa.Text)
    return_policy: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    merchant = relationship("User", foreign_keys=[merchant_id], lazy="raise")
    documents = relationship("StoreDocument", back_populates="store", lazy="raise")

    @property
    def editable(self) -> bool:
        return self.status in (ReviewStatus.DRAFT, ReviewStatus.CHANGES_REQUESTED)

    @property
    def missing_profile_fields(self) -> list[str]:
        return [name for name in PROFILE_FIELDS if not getattr(self, name)]


class StoreDocument(db.Model):
    """A qualification document; reviewers accept or reject each one on its own."""

    __tablename__ = "store_documents"
    # the same file twice in one store: the second is refused (held here for two at once)
    __table_args__ = (
        sa.UniqueConstraint("store_id", "sha256", name="uq_store_documents_store_sha256"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(30))
    original_name: Mapped[str] = mapped_column(sa.String(200))
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(60))
    size: Mapped[int]
    sha256: Mapped[str | None] = mapped_column(sa.String(64))  # older uploads: none
    verdict: Mapped[str | None] = mapped_column(sa.String(10))  # accepted / rejected
    verdict_note: Mapped[str | None] = mapped_column(sa.String(300))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the last day it is valid, as the merchant typed it and the reviewer checked it;
    # None: it does not expire (a business licence of unlimited term)
    expires_on: Mapped[date | None] = mapped_column(index=True)

    store = relationship("Store", back_populates="documents", lazy="raise")

    def lapsed(self, today: date) -> bool:
        return self.expires_on is not None and self.expires_on < today

    @property
    def lapsed_now(self) -> bool:
        return self.lapsed(market_today())

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)
