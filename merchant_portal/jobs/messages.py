"""What a job says (its progress, how it ended) is stored as a code and its arguments and said
in the reader's language when shown: a worker serves no reader, and a planner who switched
language, or a colleague who reads another, reads the job in theirs, not in the language of
whoever started it. The queue's own codes are here; a feature adds the codes of its tasks."""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext

# the queue's own codes
WAITING = "waiting"
WAITING_AGAIN = "waiting_again"
CANCELLED = "cancelled"
RESUMING = "resuming"
GAVE_UP = "gave_up"  # args: attempts
FAILED = "failed"  # args: error, what the task raised (technical, as the task said it)
AS_WRITTEN = "as_written"  # args: text; rows stored before jobs spoke in codes


@dataclass(frozen=True)
class JobMessage:
    code: str
    args: dict = field(default_factory=dict)


def say(code: str, **args) -> JobMessage:
    """A job message to store: ``progress(50, say("platform_run.told", told=3, total=9))``."""
    return JobMessage(code, args)


Words = Callable[..., str]
_WORDS: dict[str, Words] = {
    WAITING: lambda: _("Waiting to start"),
    WAITING_AGAIN: lambda: _("Waiting to start again"),
    CANCELLED: lambda: _("Cancelled; what was already saved stays."),
    RESUMING: lambda: _("The worker running this job stopped; resuming"),
    GAVE_UP: lambda attempts=0: _("Failed: its worker kept stopping"),
    FAILED: lambda error: _("Failed: %(error)s", error=error),
    AS_WRITTEN: lambda text: text,
}


def add_message_words(words: dict[str, Words]) -> None:
    """A feature's task codes and how to say each (given the code's arguments)."""
    _WORDS.update(words)


def message_in_words(code: str | None, args: dict | None) -> str:
    """A stored message in the reader's language (a code nobody registered shows as itself)."""
    if not code:
        return ""
    words = _WORDS.get(code)
    if words is None:
        return code
    try:
        return words(**(args if isinstance(args, dict) else {}))
    except (TypeError, ValueError, KeyError):
        # a row written by another version (arguments renamed, text where a number goes) is
        # shown by its code rather than taking the job's page down with a 500
        return code


def gave_up_in_words(attempts: int) -> str:
    if not isinstance(attempts, int):  # a row's argument written by hand or another version
        attempts = 0
    return ngettext(
        "Its worker stopped %(num)d time; retry it from its page.",
        "Its worker stopped %(num)d times; retry it from its page.",
        attempts,
    )


def gave_up_error(attempts: int) -> str:
    """The error column's record of it, for whoever reads the database (the page says it with
    ``gave_up_in_words``)."""
    return f"Its worker stopped {attempts} times; retry it from its page."
