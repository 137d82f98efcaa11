"""How long each kind of submission may wait for a decision, and how much of that is left.

The queue colours a row by the share of its target used: on time, due soon (three quarters
gone), overdue. Targets are what merchants are promised, shortest where a live listing waits."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext

from ..timeutil import utcnow

TARGETS = {
    "store": timedelta(hours=48),  # documents to read one by one
    "product": timedelta(hours=24),
    "product_change": timedelta(hours=12),  # the live listing waits beside it
    "registration": timedelta(hours=24),  # the promotion's window is running
}
DUE_SOON_SHARE = 0.75


@dataclass(frozen=True)
class Deadline:
    state: str  # "on_time", "due_soon" or "overdue": the row's colour
    left: timedelta  # negative once overdue

    @property
    def words(self) -> str:
        span = _span(abs(self.left))
        if self.state == "overdue":
            return _("%(span)s over target", span=span)
        return _("%(span)s left", span=span)


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return ngettext("%(num)d min", "%(num)d min", minutes)
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(num)d h", "%(num)d h", hours)
    return ngettext("%(num)d day", "%(num)d days", hours // 24)


def deadline(kind: str, submitted_at: datetime | None, now: datetime | None = None):
    """None for what has no target or was never submitted."""
    target = TARGETS.get(kind)
    if target is None or submitted_at is None:
        return None
    waited = (now or utcnow()) - submitted_at
    left = target - waited
    if left < timedelta(0):
        state = "overdue"
    elif waited >= target * DUE_SOON_SHARE:
        state = "due_soon"
    else:
        state = "on_time"
    return Deadline(state, left)


def target_words(kind: str) -> str:
    target = TARGETS.get(kind)
    return _("target %(span)s", span=_span(target)) if target else ""
