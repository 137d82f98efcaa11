"""Loading a submission by kind and id, and what the reviewer sees of it (per kind: kinds.py)."""

from flask import abort
from sqlalchemy import select

from ..audit import AuditEvent
from ..auth.models import User
from ..extensions import db
from ..onboarding.store.models import Store
from ..workflow.machine import Subject
from ..workflow.models import Review
from ..workflow.reviewable import Reviewable
from .kinds import KINDS


def get_submission_or_404(kind: str, subject_id: int) -> Reviewable:
    found = KINDS.get(kind)
    obj = db.session.get(found.model, subject_id) if found else None
    if obj is None:
        abort(404)
    return obj


def store_of(kind: str, obj: Reviewable) -> Store:
    return KINDS[kind].store_of(obj)


def subject_for(kind: str, obj: Reviewable) -> Subject:
    merchant = db.session.get(User, store_of(kind, obj).merchant_id)
    label, link = KINDS[kind].describe(obj)
    return Subject(kind, label, merchant, link)


def history(kind: str, subject_id: int) -> tuple[list, list]:
    reviews = db.session.execute(
        select(Review, User.email)
        .join(User, User.id == Review.reviewer_id)
        .where(Review.subject_kind == kind, Review.subject_id == subject_id)
        .order_by(Review.created_at.desc(), Review.id.desc())
    ).all()
    events = db.session.execute(
        select(AuditEvent, User.email)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.subject_kind == kind, AuditEvent.subject_id == subject_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    ).all()
    return reviews, events


def details(kind: str, obj: Reviewable) -> dict:
    """What the reviewer needs to decide."""
    store = store_of(kind, obj)
    return {
        "store": store,
        **KINDS[kind].details(obj, store),
        "since_last_decision": changes_since_last_decision(kind, obj),
    }


def changes_since_last_decision(kind: str, obj: Reviewable) -> list[AuditEvent]:
    """What the merchant did after the last decision: the resubmission loop, made visible."""
    last = db.session.scalar(
        select(Review.created_at)
        .where(Review.subject_kind == kind, Review.subject_id == obj.id)
        .order_by(Review.created_at.desc())
        .limit(1)
    )
    if last is None:
        return []
    edited_kind, edited_id = KINDS[kind].edited(obj)
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.subject_kind == edited_kind,
                AuditEvent.subject_id == edited_id,
                AuditEvent.created_at > last,
            )
            .order_by(AuditEvent.created_at)
        )
    )
