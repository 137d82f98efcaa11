"""Claims on queue items held by a person who leaves: a deactivated reviewer's claims go back to
the queue (they stayed claimed by a disabled account, so nobody picked them up)."""

from sqlalchemy import select

from ..audit import audit
from ..extensions import db
from .reviewable import Reviewable, ReviewStatus


def _reviewable_models() -> list[type]:
    # every kind registers itself by mixing Reviewable into a model: the core imports none
    return [
        mapper.class_
        for mapper in db.Model.registry.mappers
        if issubclass(mapper.class_, Reviewable)
    ]


def _held(user_id: int) -> list:
    held = []
    for model in _reviewable_models():
        held += db.session.scalars(
            select(model).where(
                model.assignee_id == user_id, model.status == ReviewStatus.SUBMITTED
            )
        )
    return held


def claims_held(user_id: int) -> int:
    """How many waiting submissions ``user_id`` holds."""
    return len(_held(user_id))


def release_claims(user, actor) -> int:
    """Every waiting submission ``user`` holds back to nobody, one audit event each."""
    held = _held(user.id)
    for obj in held:
        obj.assignee_id = None
        audit(
            actor.id,
            obj.review_kind,
            obj.id,
            "assign",
            detail={"assignee": None, "released_from": user.email},
        )
    return len(held)
