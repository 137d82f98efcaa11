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

from sqlalchemy import update

from ..auth.models import User
from ..extensions import db
from ..notifications.services import notify
from ..timeutil import utcnow
from .audit import AuditEvent, audit
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
DECISION_WORDS = {
    "approve": "approved",
    "request_changes": "sent back for changes",
    "reject": "rejected",
}


class IllegalTransition(Exception):
    """The move does not exist from the subject's state (approving a draft, say)."""


class AlreadyDecided(Exception):
    """Someone else moved the subject first; the caller's view of it is stale."""


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
    actor: User,
    *,
    seen: ReviewStatus | None = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Moves ``obj`` by ``action``; ``seen`` is the state the actor was looking at."""
    allowed_from, to_state = TRANSITIONS[action]
    current = seen or obj.status
    if current not in allowed_from:
        verb = action.replace("_", " ")
        raise IllegalTransition(f"cannot {verb} something {current.label.lower()}")
    model = type(obj)
    values = {"status": to_state}
    if action == "submit":
        values["submitted_at"] = utcnow()
    else:
        values["decided_at"] = utcnow()
    changed = db.session.execute(
        update(model).where(model.id == obj.id, model.status == current).values(**values)
    ).rowcount
    if changed != 1:
        raise AlreadyDecided(f"this {model.review_kind} was already {obj.status.label.lower()}")
    db.session.expire(obj, list(values))
    return audit(
        actor.id,
        model.review_kind,
        obj.id,
        action,
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
        raise IllegalTransition(f"unknown decision {decision}")
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
    lines = [f"Your {subject.label} was {DECISION_WORDS[decision]}."]
    if reasons:
        lines.append("Reasons: " + "; ".join(reason_labels(reasons)) + ".")
    if comment:
        lines.append(f"Reviewer's note: {comment}")
    if decision == "request_changes":
        lines.append("Make the changes and submit it again.")
    title = f"{subject.label[:1].upper()}{subject.label[1:]} {DECISION_WORDS[decision]}"
    notify(subject.merchant, title, "\n".join(lines), subject.link)
    return review
