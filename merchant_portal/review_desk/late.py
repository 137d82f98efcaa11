"""The second of two reviewers deciding the same item: what they are told, and what they typed
kept in front of them (their reasons and note are not lost to a 409)."""

from flask_babel import format_datetime
from flask_babel import gettext as _

from .subjects import history


def late_words(kind: str, obj) -> str:
    """Who decided first, when, and the state it is in now: the page already shows it."""
    _reviews, events = history(kind, obj.id)
    who, when = (events[0][1], events[0][0].created_at) if events else (None, None)
    return _(
        "Not recorded: this is already %(state)s, decided by %(who)s at %(when)s. "
        "Your choice is kept below.",
        state=obj.status.label.lower(),
        who=who or _("system"),
        when=format_datetime(when, "yyyy-MM-dd HH:mm") if when else "—",
    )
