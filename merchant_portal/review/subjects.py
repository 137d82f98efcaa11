"""Loading a submission by kind and id, and what the reviewer sees of it."""

from flask import abort, url_for
from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..onboarding.activities.eligibility import check_eligibility
from ..onboarding.activities.models import Activity
from ..onboarding.activities.services import registrations_in
from ..onboarding.products.models import Product, ProductChange, ProductImage
from ..onboarding.products.quality import assess
from ..onboarding.store.models import Store, StoreDocument
from ..reviewing.audit import AuditEvent
from ..reviewing.models import Review
from ..reviewing.workflow import Subject
from ..timeutil import utcnow
from .queue import MODELS


def get_submission_or_404(kind: str, subject_id: int):
    model = MODELS.get(kind)
    obj = db.session.get(model, subject_id) if model else None
    if obj is None:
        abort(404)
    return obj


def store_of(kind: str, obj) -> Store:
    if kind == "store":
        return obj
    if kind == "product_change":
        product = db.session.get(Product, obj.product_id)
        return db.session.get(Store, product.store_id)
    return db.session.get(Store, obj.store_id)


def subject_for(kind: str, obj) -> Subject:
    store = store_of(kind, obj)
    merchant = db.session.get(User, store.merchant_id)
    if kind == "store":
        return Subject(kind, "store application", merchant, url_for("store.profile"))
    if kind == "product":
        return Subject(
            kind, f"listing “{obj.title}”", merchant, url_for("products.detail", product_id=obj.id)
        )
    if kind == "product_change":
        product = db.session.get(Product, obj.product_id)
        return Subject(
            kind,
            f"change to “{product.title}”",
            merchant,
            url_for("products.detail", product_id=product.id),
        )
    product = db.session.get(Product, obj.product_id)
    activity = db.session.get(Activity, obj.activity_id)
    return Subject(
        kind,
        f"registration of “{product.title}” in {activity.name}",
        merchant,
        url_for("activities.registrations"),
    )


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


def details(kind: str, obj) -> dict:
    """What the reviewer needs to decide, per kind."""
    store = store_of(kind, obj)
    context = {"store": store}
    if kind == "store":
        context["documents"] = list(
            db.session.scalars(
                select(StoreDocument)
                .where(StoreDocument.store_id == store.id)
                .order_by(StoreDocument.id)
            )
        )
    if kind in ("product", "product_change"):
        product = obj if kind == "product" else db.session.get(Product, obj.product_id)
        images = list(
            db.session.scalars(
                select(ProductImage)
                .where(ProductImage.product_id == product.id)
                .order_by(ProductImage.position)
            )
        )
        source = obj.data if kind == "product_change" else None
        fields = source or {
            "title": product.title,
            "description": product.description,
            "category": product.category,
            "price": product.price,
            "stock": product.stock,
            "attributes": product.attributes or {},
        }
        context.update(
            product=product,
            images=images,
            report=assess(
                fields["title"],
                fields["description"],
                fields["category"],
                fields["price"],
                fields["stock"],
                fields.get("attributes") or {},
                len(images),
            ),
        )
        if kind == "product_change":
            context["diff"] = change_diff(product, obj)
    if kind == "registration":
        product = db.session.get(Product, obj.product_id)
        activity = db.session.get(Activity, obj.activity_id)
        others = registrations_in(activity.id, store.id) - 1  # this one excluded
        context.update(
            product=product,
            activity=activity,
            checks=check_eligibility(
                activity, store, product, obj.promo_price, obj.promo_stock, others, utcnow()
            ),
        )
    context["since_last_decision"] = changes_since_last_decision(kind, obj)
    return context


def change_diff(product: Product, change: ProductChange) -> list[tuple[str, str, str]]:
    """(field, live value, proposed value) for every field the change alters."""
    rows = []
    for name in ("title", "description", "category", "price", "stock"):
        live = getattr(product, name)
        proposed = change.data.get(name)
        if str(live if live is not None else "") != str(proposed if proposed is not None else ""):
            rows.append(
                (name, "" if live is None else str(live), "" if proposed is None else str(proposed))
            )
    live_attributes, new_attributes = product.attributes or {}, change.data.get("attributes") or {}
    for name in sorted(set(live_attributes) | set(new_attributes)):
        if live_attributes.get(name, "") != new_attributes.get(name, ""):
            rows.append((name, live_attributes.get(name, ""), new_attributes.get(name, "")))
    return rows


def changes_since_last_decision(kind: str, obj) -> list[AuditEvent]:
    """What the merchant did after the last decision: the resubmission loop, made visible.
    A listing change's edits are recorded against its product."""
    last = db.session.scalar(
        select(Review.created_at)
        .where(Review.subject_kind == kind, Review.subject_id == obj.id)
        .order_by(Review.created_at.desc())
        .limit(1)
    )
    if last is None:
        return []
    edited_kind, edited_id = (
        ("product", obj.product_id) if kind == "product_change" else (kind, obj.id)
    )
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
