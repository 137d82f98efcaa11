"""The review states every reviewable thing (store, listing, registration) moves through."""

from datetime import datetime
from enum import StrEnum
from typing import ClassVar

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Mapped, mapped_column


class ReviewStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self.value]()


# each said only when shown: lists name a status on every row
_STATUS_LABELS = {
    "draft": lambda: _("Draft"),
    "submitted": lambda: _("Waiting for review"),
    "approved": lambda: _("Approved"),
    "changes_requested": lambda: _("Sent back"),
    "rejected": lambda: _("Rejected"),
}


def review_status_column() -> sa.Enum:
    return sa.Enum(
        ReviewStatus,
        native_enum=False,
        length=20,
        values_callable=lambda e: [s.value for s in e],
    )


class Reviewable:
    """The four review columns every reviewable model carries, and the kind it is filed under.

    A model lists this mixin before ``db.Model``; a kind whose rows arrive already submitted
    (a promotion registration) overrides ``status`` and ``submitted_at`` with other defaults.
    """

    review_kind: ClassVar[str]

    status: Mapped[ReviewStatus] = mapped_column(
        review_status_column(), default=ReviewStatus.DRAFT, index=True
    )
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
