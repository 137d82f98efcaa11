"""The one state machine every reviewable thing follows, and the records each move leaves.

draft --submit--> submitted --approve--> approved
changes_requested --submit--> submitted --request_changes--> changes_requested
                              submitted --reject--> rejected

A move is a conditional UPDATE (``... WHERE status = <the state we saw>``): of two reviewers
deciding the same submission at the same moment, exactly one changes the row; the other
gets AlreadyDecided. Every move writes an audit event; decisions also a review record and a
notification to the merchant.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..audit import AuditEvent, audit
from ..auth.models import User
from ..extensions import db
from ..i18n import filled, in_language_of
from ..notifications.services import notify
from ..timeutil import utcnow
from ..transitions import RowGone, move_once
from .models import Review
from .reasons import reason_labels
from .reviewable import Reviewable, ReviewStatus

S = ReviewStatus
TRANSITIONS = {
    "submit": ({S.DRAFT, S.CHANGES_REQUESTED}, S.SUBMITTED),
    "approve": ({S.SUBMITTED}, S.APPROVED),
    "request_changes": ({S.SUBMITTED}, S.CHANGES_REQUESTED),
    "reject": ({S.SUBMITTED}, S.REJECTED),
}
DECISIONS = ("approve", "request_changes", "reject")
ACTION_WORDS = {
    "submit": _l("submitted"),
    "approve": _l("approved"),
    "request_changes": _l("sent back for changes"),
    "reject": _l("rejected"),
}
# What the merchant is told, by decision: the sentence and the notice's title.
DECISION_SENTENCES = {
    "approve": _l("Your %(subject)s was approved."),
    "request_changes": _l("Your %(subject)s was sent back for changes."),
    "reject": _l("Your %(subject)s was rejected."),
}
DECISION_TITLES = {
    "approve": _l("%(subject)s approved"),
    "request_changes": _l("%(subject)s sent back for changes"),
    "reject": _l("%(subject)s rejected"),
}


class IllegalTransition(Exception):
    """The move does not exist from the subject's state (approving a draft, say)."""


class AlreadyDecided(Exception):
    """Someone else moved the subject first; the caller's view of it is stale. ``gone``: it
    was deleted meanwhile (a merchant discarded their change), so there is no state to show."""

    def __init__(self, message: str, gone: bool = False):
        super().__init__(message)
        self.gone = gone


@dataclass(frozen=True)
class Subject:
    """How the workflow sees a reviewable object: its kind, a label and its owner."""

    kind: str
    label: str
    merchant: User
    link: str


def move(
    obj: Reviewable,
    action: str,
    actor: User | None,
    *,
    seen: ReviewStatus | None = None,
    detail: dict | None = None,
    recorded_as: str | None = None,
) -> AuditEvent:
    """Moves ``obj`` by ``action``; ``seen`` is the state the actor was looking at. No actor:
    the portal moved it by an admin's rule, recorded as ``recorded_as`` ("approve_by_rule")."""
    allowed_from, to_state = TRANSITIONS[action]
    current = seen or obj.status
    if current not in allowed_from:
        raise IllegalTransition(
            _(
                "This cannot be %(action)s now: it is %(state)s.",
                action=ACTION_WORDS[action],
                state=current.label.lower(),
            )
        )
    model = type(obj)
    values = {"status": to_state}
    if action == "submit":
        values["submitted_at"] = utcnow()
    else:
        values["decided_at"] = utcnow()
    try:
        moved = move_once(obj, "status", (current,), **values)
    except RowGone:
        raise AlreadyDecided(
            _("Someone else got there first: the merchant withdrew it."), gone=True
        ) from None
    if not moved:
        raise AlreadyDecided(
            _(
                "Someone else got there first: this is already %(state)s.",
                state=obj.status.label.lower(),
            )
        )
    return audit(
        actor.id if actor is not None else None,
        model.review_kind,
        obj.id,
        recorded_as or action,
        from_state=current.value,
        to_state=to_state.value,
        detail=detail or {},
    )


def decide(
    obj: Reviewable,
    subject: Subject,
    decision: str,
    reviewer: User,
    reasons: list[str] | None = None,
    comment: str = "",
    seen: ReviewStatus | None = None,
) -> Review:
    """A reviewer's decision: the move, its review record, and the merchant told why."""
    if decision not in DECISIONS:
        raise IllegalTransition(_("Unknown decision %(decision)s.", decision=decision))
    reasons = reasons or []
    move(obj, decision, reviewer, seen=seen, detail={"reasons": reasons, "comment": comment})
    review = Review(
        subject_kind=type(obj).review_kind,
        subject_id=obj.id,
        reviewer_id=reviewer.id,
        decision=decision,
        reason_codes=reasons,
        comment=comment,
    )
    db.session.add(review)
    with in_language_of(subject.merchant):
        label = str(subject.label)
        lines = [filled(str(DECISION_SENTENCES[decision]), {"subject": label})]
        if reasons:
            lines.append(_("Reasons: %(reasons)s.", reasons=_("; ").join(reason_labels(reasons))))
        if comment:
            lines.append(_("Reviewer's note: %(note)s", note=comment))
        if decision == "request_changes":
            lines.append(_("Make the changes and submit it again."))
        title = filled(str(DECISION_TITLES[decision]), {"subject": label})
        title = title[:1].upper() + title[1:]
        notify(subject.merchant, title, "\n".join(lines), subject.link)
    return review
