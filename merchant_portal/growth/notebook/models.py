"""What an account manager keeps about a merchant."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db
from ...i18n import _l
from ...timeutil import utcnow

ENTRY_KINDS = {"note": _l("Note"), "call": _l("Call"), "message": _l("Message")}


class MerchantContact(db.Model):
    """The person an account manager talks to at a store, and how to reach them."""

    __tablename__ = "merchant_contacts"

    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), primary_key=True)
    person: Mapped[str] = mapped_column(sa.String(80), default="")
    phone: Mapped[str] = mapped_column(sa.String(30), default="")
    wechat: Mapped[str] = mapped_column(sa.String(40), default="")
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class NotebookEntry(db.Model):
    """A note, a call or a message outside the portal, as the manager wrote it down. One a
    render of the form (``form_key``, unique per store): a double submit lands once."""

    __tablename__ = "notebook_entries"
    __table_args__ = (
        sa.Index("ix_notebook_entries_store_created", "store_id", "created_at"),
        sa.Index("uq_notebook_entries_form_key", "store_id", "form_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(sa.String(10))
    body: Mapped[str] = mapped_column(sa.Text)
    form_key: Mapped[str | None] = mapped_column(sa.String(32))  # the render it came from
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class NotebookTask(db.Model):
    """Something to do for a merchant by a day; its reminder goes out once (``reminded_at``,
    set by one conditional update) to the inbox and by mail on ``remind_on``. One a render of
    the form (``form_key``, unique per store): a double submit lands once."""

    __tablename__ = "notebook_tasks"
    __table_args__ = (
        sa.Index("ix_notebook_tasks_store_due", "store_id", "due_on"),
        sa.Index("ix_notebook_tasks_remind", "remind_on", "reminded_at"),
        sa.Index("uq_notebook_tasks_form_key", "store_id", "form_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"))
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))  # who is reminded
    title: Mapped[str] = mapped_column(sa.String(200))
    due_on: Mapped[date]
    remind_on: Mapped[date | None]
    reminded_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    form_key: Mapped[str | None] = mapped_column(sa.String(32))  # the render it came from
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
