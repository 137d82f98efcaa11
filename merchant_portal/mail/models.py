from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class OutboxMessage(db.Model):
    """Every message the portal sent, kept so staff can read it when no mail server is set."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254), index=True)
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    delivered_by: Mapped[str] = mapped_column(sa.String(10))  # "smtp" or "outbox"
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
