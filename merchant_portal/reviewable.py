"""The review states every reviewable thing (store, listing, registration) moves through."""

from enum import StrEnum

import sqlalchemy as sa


class ReviewStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return {
            "draft": "Draft",
            "submitted": "Waiting for review",
            "approved": "Approved",
            "changes_requested": "Sent back",
            "rejected": "Rejected",
        }[self.value]


def review_status_column() -> sa.Enum:
    return sa.Enum(
        ReviewStatus,
        native_enum=False,
        length=20,
        values_callable=lambda e: [s.value for s in e],
    )
