import re
from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

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
# A job's message and error are stored in English, written by a worker that serves no reader;
# the job's own words are translated when shown, in the reader's language. Messages a feature's
# task writes (progress, its closing message) are shown as written, unless the feature stores
# them in English and registers how to say them (``register_message_words``).
WAITING = "Waiting to start"
WAITING_AGAIN = "Waiting to start again"
CANCELLED_MESSAGE = "Cancelled; what was already saved stays."
RESUMING = "The worker running this job stopped; resuming"
GAVE_UP = "Failed: its worker kept stopping"
FAILED_PREFIX = "Failed: "
_MESSAGES = {
    WAITING: _l("Waiting to start"),
    WAITING_AGAIN: _l("Waiting to start again"),
    CANCELLED_MESSAGE: _l("Cancelled; what was already saved stays."),
    RESUMING: _l("The worker running this job stopped; resuming"),
    GAVE_UP: _l("Failed: its worker kept stopping"),
}
_STOPPED_TIMES = re.compile(r"Its worker stopped (\d+) times; retry it from its page\.")


def gave_up_error(attempts: int) -> str:
    return f"Its worker stopped {attempts} times; retry it from its page."


# (pattern of the stored English, its groups -> the message in the reader's language)
_FEATURE_MESSAGES: list[tuple[re.Pattern, Callable[..., str]]] = []


def register_message_words(pattern: str, words: Callable[..., str]) -> None:
    """A feature's task message, stored in English, said in the reader's language when shown:
    ``words`` gets the pattern's groups (a planner who switched language, or a colleague who
    reads another, saw the progress in the language of whoever started the job)."""
    _FEATURE_MESSAGES.append((re.compile(pattern), words))


def message_in_words(message: str | None) -> str:
    """A stored job message in the reader's language, when it is one of the job's own."""
    if not message:
        return ""
    if message in _MESSAGES:
        return str(_MESSAGES[message])
    for pattern, words in _FEATURE_MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            return words(*found.groups())
    if message.startswith(FAILED_PREFIX):  # the runner's "Failed: <what the task raised>"
        return str(_l("Failed: %(error)s", error=message.removeprefix(FAILED_PREFIX)))
    return message


def error_in_words(error: str | None) -> str:
    if not error:
        return ""
    stopped = _STOPPED_TIMES.fullmatch(error)
    if stopped:
        count = int(stopped.group(1))
        return ngettext(
            "Its worker stopped %(num)d time; retry it from its page.",
            "Its worker stopped %(num)d times; retry it from its page.",
            count,
        )
    return error


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
    message: Mapped[str] = mapped_column(sa.String(200), default=WAITING)
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
    def message_text(self) -> str:
        return message_in_words(self.message)

    @property
    def error_text(self) -> str:
        return error_in_words(self.error)
