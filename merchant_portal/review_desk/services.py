"""Reviewers' changes: decisions, claims, document verdicts. The view commits once."""

from flask_babel import gettext as _
from flask_babel import ngettext, pgettext
from sqlalchemy import func, select

from ..audit import audit
from ..auth.models import User
from ..extensions import db
from ..numbers import parse_int
from ..onboarding.store.models import StoreDocument
from ..transitions import move_once
from ..workflow.machine import AlreadyDecided, IllegalTransition, decide
from ..workflow.models import Review
from ..workflow.reasons import REASONS
from ..workflow.reviewable import Reviewable, ReviewStatus
from .kinds import KINDS
from .subjects import get_submission_or_404, subject_for


class BulkConflict(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def _item_name(kind: str) -> str:
    """How a bulk refusal names each culprit ("store #12: …")."""
    names = {
        "store": pgettext("submission", "store"),
        "product": pgettext("submission", "product"),
        "product_change": pgettext("submission", "product change"),
        "registration": pgettext("submission", "registration"),
    }
    return names.get(kind, kind)


class NotDecidable(Exception):
    """The decision does not fit the submission (a reason of another kind, a store approved
    before its documents are judged): nothing is recorded, the reviewer is told why."""


def unjudged_documents(store_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(StoreDocument)
        .where(StoreDocument.store_id == store_id, StoreDocument.verdict.is_(None))
    )


def check_decision(kind: str, obj: Reviewable, decision: str, reasons) -> None:
    offered = KINDS[kind].reasons
    foreign = [code for code in reasons or () if code not in offered]
    if foreign:
        raise NotDecidable(
            _(
                "%(reasons)s: not a reason for a %(kind)s.",
                reasons=_(", ").join(str(REASONS.get(code, code)) for code in foreign),
                kind=str(KINDS[kind].label).lower(),
            )
        )
    if kind == "store" and decision == "approve":
        waiting = unjudged_documents(obj.id)
        if waiting:
            raise NotDecidable(
                ngettext(
                    "Accept or reject its %(num)d unjudged document before approving the store.",
                    "Accept or reject its %(num)d unjudged documents before approving the store.",
                    waiting,
                )
            )


def record_decision(
    kind: str,
    obj: Reviewable,
    decision: str,
    reviewer: User,
    reasons: list[str],
    comment: str,
    seen: ReviewStatus | None,
) -> Review:
    KINDS[kind].lock_first(obj)
    check_decision(kind, obj, decision, reasons)
    review = decide(obj, subject_for(kind, obj), decision, reviewer, reasons, comment, seen=seen)
    if decision == "approve":
        KINDS[kind].approved(obj)
    return review


class AlreadyClaimed(Exception):
    """Another reviewer claimed this submission first."""


def assign(kind: str, obj, assignee: User | None, actor: User, *, claim: bool = False) -> None:
    """An admin assigns anyone; a reviewer's ``claim`` takes only a submission nobody holds
    (one conditional update: two reviewers claiming at once, or one taking another's, used to
    leave whoever wrote last, both told it was theirs). Raises AlreadyClaimed."""
    if claim and assignee is not None:
        if not move_once(obj, "assignee_id", (None, assignee.id), assignee_id=assignee.id):
            raise AlreadyClaimed(obj.assignee_id)
    else:
        obj.assignee_id = assignee.id if assignee else None
    audit(
        actor_id=actor.id,
        subject_kind=kind,
        subject_id=obj.id,
        action="assign",
        detail={"assignee": assignee.email if assignee else None},
    )


KEEP = object()  # a verdict that leaves the expiry date as it is


def set_document_verdict(
    document: StoreDocument, verdict: str, note: str, reviewer: User, expires_on=KEEP
) -> None:
    """``expires_on``: the validity the reviewer read on the document (None: it does not
    expire); left out, the merchant's date stands."""
    if expires_on is not KEEP and expires_on != document.expires_on:
        audit(
            actor_id=reviewer.id,
            subject_kind="store",
            subject_id=document.store_id,
            action="correct_document_expiry",
            detail={
                "document": document.id,
                "was": document.expires_on.isoformat() if document.expires_on else None,
                "expires_on": expires_on.isoformat() if expires_on else None,
            },
        )
        document.expires_on = expires_on
    document.verdict = verdict
    document.verdict_note = note or None
    audit(
        actor_id=reviewer.id,
        subject_kind="store",
        subject_id=document.store_id,
        action=f"document_{verdict}",
        detail={"document": document.id, "note": note},
    )


def _locking_order(item: str) -> tuple[str, int]:
    kind, _colon, raw_id = item.partition(":")
    return kind, parse_int(raw_id, 1) or 0


def bulk_decide(items: list[str], decision: str, reviewer: User, reasons, comment) -> int:
    """Decides every item, or none: any conflict undoes the lot and names the culprits."""
    problems, done = [], 0
    # in one order whatever the form's: two reviewers deciding the same items listed the other
    # way round each locked one listing and waited on the other's (a deadlock, a 500)
    for item in sorted(items, key=_locking_order):
        kind, _colon, raw_id = item.partition(":")
        submission_id = parse_int(raw_id, 1)
        if submission_id is None:
            problems.append(_("%(item)s: not a submission", item=item))
            continue
        obj = get_submission_or_404(kind, submission_id)
        try:  # a refused move writes nothing, so the others can still be tried and counted
            record_decision(kind, obj, decision, reviewer, reasons, comment, seen=obj.status)
            done += 1
        except (AlreadyDecided, IllegalTransition, NotDecidable) as problem:
            problems.append(
                _(
                    "%(item)s #%(id)s: %(problem)s",
                    item=_item_name(kind),
                    id=raw_id,
                    problem=str(problem).rstrip(".。"),
                )
            )
    if problems:
        raise BulkConflict(problems)
    return done


def decide_matching(items: list[str], decision: str, reviewer: User, reasons, comment):
    """Decides each of the confirmed items still waiting; one changed meanwhile (decided by
    someone else, withdrawn, not fitting the decision) is skipped and said, the rest go on.
    Returns (how many were decided, the skipped ones' problems)."""
    problems, done = [], 0
    for item in sorted(items, key=_locking_order):  # as bulk_decide, one order
        kind, _colon, raw_id = item.partition(":")
        submission_id = parse_int(raw_id, 1)
        model = KINDS[kind].model if kind in KINDS else None
        obj = db.session.get(model, submission_id) if model and submission_id else None
        if obj is None:
            problems.append(_("%(item)s: not a submission", item=item[:40]))
            continue
        try:  # a refused move writes nothing: the others go on
            if obj.status != ReviewStatus.SUBMITTED:
                raise AlreadyDecided(_("already %(state)s", state=obj.status.label.lower()))
            record_decision(kind, obj, decision, reviewer, reasons, comment, seen=obj.status)
            done += 1
        except (AlreadyDecided, IllegalTransition, NotDecidable) as problem:
            problems.append(
                _(
                    "%(item)s #%(id)s: %(problem)s",
                    item=_item_name(kind),
                    id=raw_id,
                    problem=str(problem).rstrip(".。"),
                )
            )
    return done, problems
