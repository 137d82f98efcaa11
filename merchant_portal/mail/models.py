from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

# queued -> sending -> sent; back to queued after a refusal until the last attempt -> failed.
# "logged": no mail server is configured, the outbox is where the message waits.
QUEUED, SENDING, SENT, FAILED, LOGGED = "queued", "sending", "sent", "failed", "logged"
STATUS_LABELS = {
    QUEUED: _l("waiting to be sent"),
    SENDING: _l("being sent"),
    SENT: _l("sent"),
    FAILED: _l("failed"),
    LOGGED: _l("outbox only"),
}


class OutboxMessage(db.Model):
    """Every message the portal sent, kept so staff can read it when no mail server is set,
    and the state of its delivery when one is."""

    __tablename__ = "outbox_messages"
    __table_args__ = (sa.Index("ix_outbox_messages_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254), index=True)
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    delivered_by: Mapped[str] = mapped_column(sa.String(10))  # "smtp" or "outbox"
    status: Mapped[str] = mapped_column(sa.String(10), default=LOGGED)
    attempts: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(sa.Text)  # the mail server's last answer, in words
    next_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]
