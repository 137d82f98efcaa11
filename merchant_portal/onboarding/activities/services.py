from contextlib import suppress

from flask_babel import gettext as _
from sqlalchemy import func, select

from ...audit import audit
from ...auth.models import User
from ...extensions import db
from ...workflow.machine import AlreadyDecided, move
from ...workflow.models import Review
from ...workflow.reasons import reason_labels
from ...workflow.reviewable import ReviewStatus
from .models import ActivityRegistration

SENT_BACK = ReviewStatus.CHANGES_REQUESTED


def registrations_in(activity_id: int, store_id: int) -> int:
    """The store's registrations that hold a place under the per-store cap; one sent back
    holds none until it is registered again (and is then checked against the cap)."""
    return db.session.scalar(
        select(func.count())
        .select_from(ActivityRegistration)
        .where(
            ActivityRegistration.activity_id == activity_id,
            ActivityRegistration.store_id == store_id,
            ActivityRegistration.status != SENT_BACK,
        )
    )


def existing_registration(activity_id: int, product_id: int) -> ActivityRegistration | None:
    """The product's registration in the activity, unless it was sent back: the merchant
    registers that product again, with the changes asked for, through the same form."""
    return db.session.scalar(
        select(ActivityRegistration).where(
            ActivityRegistration.activity_id == activity_id,
            ActivityRegistration.product_id == product_id,
            ActivityRegistration.status != SENT_BACK,
        )
    )


def _sent_back(activity_id: int, product_id: int) -> ActivityRegistration | None:
    return db.session.scalar(
        select(ActivityRegistration).where(
            ActivityRegistration.activity_id == activity_id,
            ActivityRegistration.product_id == product_id,
            ActivityRegistration.status == SENT_BACK,
        )
    )


def register(
    activity, store, product, promo_price, promo_stock, actor: User
) -> ActivityRegistration:
    """Stages the registration. Two racing requests for the same product both get here; the
    unique constraint lets one commit, and the other's commit raises IntegrityError. A
    registration sent back is changed and submitted again, its history kept."""
    sent_back = _sent_back(activity.id, product.id)
    if sent_back is not None:
        sent_back.promo_price, sent_back.promo_stock = promo_price, promo_stock
        db.session.flush()
        with suppress(AlreadyDecided):  # the same form, sent twice at once: the other won
            move(sent_back, "submit", actor, seen=SENT_BACK,
                 detail={"promo_price": str(promo_price), "promo_stock": promo_stock})  # fmt: skip
        return sent_back
    registration = ActivityRegistration(
        activity_id=activity.id,
        product_id=product.id,
        store_id=store.id,
        promo_price=promo_price,
        promo_stock=promo_stock,
    )
    db.session.add(registration)
    db.session.flush()
    audit(
        actor_id=actor.id,
        subject_kind="registration",
        subject_id=registration.id,
        action="submit",
        from_state=None,
        to_state="submitted",
        detail={
            "activity": activity.id,
            "product": product.id,
            "promo_price": str(promo_price),
        },
    )
    return registration


def reviewer_feedback(registrations) -> dict[int, list[str]]:
    """What merchant operations said about each sent-back or rejected registration: the
    reasons, then the note, from the last decision (one query)."""
    wanted = [r.id for r in registrations if r.status in (SENT_BACK, ReviewStatus.REJECTED)]
    if not wanted:
        return {}
    rows = db.session.execute(
        select(Review.subject_id, Review.reason_codes, Review.comment)
        .where(Review.subject_kind == "registration", Review.subject_id.in_(wanted))
        .order_by(Review.created_at, Review.id)
    )
    said = {}
    for subject_id, codes, note in rows:  # the last decision wins
        said[subject_id] = reason_labels(codes or []) + (
            [_("Reviewer's note: %(note)s", note=note)] if note else []
        )
    return said
