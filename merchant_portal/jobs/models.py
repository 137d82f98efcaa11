from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow
from .messages import GAVE_UP, WAITING, gave_up_in_words, message_in_words

QUEUED, RUNNING, SUCCEEDED, FAILED, INTERRUPTED, CANCELLED = (
    "queued",
    "running",
    "succeeded",
    "failed",
    "interrupted",
    "cancelled",
)
# A job in one of these still holds its lock: an interrupted one is about to be resumed.
ACTIVE = (QUEUED, RUNNING, INTERRUPTED)
FINISHED = (SUCCEEDED, FAILED, CANCELLED)
STATUS_LABELS = {
    QUEUED: _l("Waiting to start"),
    RUNNING: _l("Running"),
    SUCCEEDED: _l("Finished"),
    FAILED: _l("Failed"),
    INTERRUPTED: _l("Interrupted: resuming"),
    CANCELLED: _l("Cancelled"),
}
_ACTIVE_SQL = sa.text("status IN ('queued', 'running', 'interrupted')")


class Job(db.Model):
    """One piece of background work: its state lives here, not in the queue, so it outlives
    the consumer that ran it."""

    __tablename__ = "jobs"
    __table_args__ = (
        # "One platform run at a time" is this index: a second active job with the same lock
        # cannot be inserted, however close together the two requests come.
        sa.Index(
            "uq_jobs_active_lock",
            "lock",
            unique=True,
            sqlite_where=_ACTIVE_SQL,
            postgresql_where=_ACTIVE_SQL,
        ),
        sa.Index("ix_jobs_status_heartbeat", "status", "heartbeat_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    lock: Mapped[str | None] = mapped_column(sa.String(40))
    status: Mapped[str] = mapped_column(sa.String(12), default=QUEUED)
    progress: Mapped[int] = mapped_column(default=0)
    # what the job says, as a code and its arguments (``messages``), said when shown
    message_code: Mapped[str] = mapped_column(sa.String(60), default=WAITING)
    message_args: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    error: Mapped[str | None] = mapped_column(sa.Text)
    # what the task needs to run again (ids, the portal's address for links), never results
    payload: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # a large input (an uploaded CSV file), loaded only by the task that reads it
    input: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    # what the page shows when it is over: counts, the rows a rejected import listed
    result: Mapped[dict | None] = mapped_column(sa.JSON)
    started_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # staff of this role may follow the job too (a platform run belongs to every planner)
    shared_with_role: Mapped[str | None] = mapped_column(sa.String(20))
    attempts: Mapped[int] = mapped_column(default=0)
    # which attempt holds the job: every claim takes the next number and never gives one back
    # (a retry resets ``attempts``), so an attempt cancelled and overtaken by a retry finds it
    # is no longer the job's and stops writing (it wrote "finished at 80%" over the retry's end)
    claim: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def title_text(self) -> str:
        """Its title in the reader's language: a code since a shared job (a platform run) or a
        reader who switched language showed the starter's words ("商品导入" to an English admin)."""
        payload = self.payload or {}
        if payload.get("title_code"):
            return message_in_words(payload["title_code"], payload.get("title_args"))
        # a job stored before titles were codes: its kind's title when that needs no argument
        return (
            _said_for_kind(f"{self.kind}.title")
            or payload.get("title")
            or str(_l("Background job"))
        )

    @property
    def next_label_text(self) -> str:
        payload = self.payload or {}
        if payload.get("next_label_code"):
            return message_in_words(payload["next_label_code"], {})
        return (
            _said_for_kind(f"{self.kind}.show") or payload.get("next_label") or str(_l("Continue"))
        )

    @property
    def message_text(self) -> str:
        return message_in_words(self.message_code, self.message_args)

    @property
    def error_text(self) -> str:
        """Why it failed, beyond its message: a worker that kept stopping is said in the
        reader's words; what a task raised, as it raised it."""
        if self.message_code == GAVE_UP:
            args = self.message_args if isinstance(self.message_args, dict) else {}
            attempts = args.get("attempts")
            return gave_up_in_words(attempts if isinstance(attempts, int) else self.attempts)
        return self.error or ""


def _said_for_kind(code: str) -> str:
    try:
        said = message_in_words(code, {})
    except TypeError:  # the code needs arguments a job stored before codes does not have
        return ""
    return "" if said == code else said
