"""Who runs a store: its members, each with one store role, and the invitations out to others.

One store per account (``store_members.user_id`` is unique): a person in two stores would need
a store switcher on every page, which nobody asked for yet.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ...access import StoreRole
from ...extensions import db
from ...timeutil import utcnow
from ..store.models import Store

ROLE_COLUMN = sa.Enum(
    StoreRole, native_enum=False, length=20, values_callable=lambda e: [r.value for r in e]
)


class StoreMember(db.Model):
    __tablename__ = "store_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    role: Mapped[StoreRole] = mapped_column(ROLE_COLUMN)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    store = relationship(Store, lazy="raise")
    user = relationship("User", lazy="raise")


class StoreInvitation(db.Model):
    """A mailed link to join a store in a role. Only a hash of the link's secret is kept; it
    works until it expires, is revoked, or is used once."""

    __tablename__ = "store_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    role: Mapped[StoreRole] = mapped_column(ROLE_COLUMN)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None]

    @property
    def pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > utcnow()


@event.listens_for(Session, "before_flush")
def _founder_owns_the_new_store(session, _context, _instances) -> None:
    """Every store has an owner from its first moment: whoever opens a store (sign-up, the
    demo, an import) names its merchant, who becomes its first owner in the same flush."""
    for obj in list(session.new):
        if isinstance(obj, Store) and obj.merchant_id is not None:
            session.add(StoreMember(store=obj, user_id=obj.merchant_id, role=StoreRole.OWNER))
