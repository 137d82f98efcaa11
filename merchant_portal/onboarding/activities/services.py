from sqlalchemy import func, select

from ...auth.models import User
from ...extensions import db
from ...reviewing.audit import audit
from .models import ActivityRegistration


def registrations_in(activity_id: int, store_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(ActivityRegistration)
        .where(
            ActivityRegistration.activity_id == activity_id,
            ActivityRegistration.store_id == store_id,
        )
    )


def existing_registration(activity_id: int, product_id: int) -> ActivityRegistration | None:
    return db.session.scalar(
        select(ActivityRegistration).where(
            ActivityRegistration.activity_id == activity_id,
            ActivityRegistration.product_id == product_id,
        )
    )


def register(
    activity, store, product, promo_price, promo_stock, actor: User
) -> ActivityRegistration:
    """Stages the registration. Two racing requests for the same product both get here; the
    unique constraint lets one commit, and the other's commit raises IntegrityError."""
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
