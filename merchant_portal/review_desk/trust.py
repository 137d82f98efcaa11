"""Which listing changes an admin's trust rule approves on arrival, and doing it.

A rule covers a change to a live listing that touches nothing but its price (within the
rule's band) and its stock, by a store whose last N decisions by reviewers were all
approvals. A sampled share of what a rule would approve still goes to the queue as a spot
check: the sample is read from the change's id, so the same change is always sampled or
never, whatever the order of arrival (and a test can tell which ones are)."""

import hashlib
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select

from ..audit import audit
from ..extensions import db
from ..i18n import in_language_of
from ..notifications.services import notify
from ..onboarding.activities.models import ActivityRegistration
from ..onboarding.products.models import Product, ProductChange, ProductImage
from ..onboarding.products.sku_rows import saved_skus
from ..workflow.machine import move
from ..workflow.models import Review
from ..workflow.trust import APPROVED, SPOT_CHECK, TrustOutcome, TrustRule, decide_on_arrival
from .kinds import KINDS
from .subjects import subject_for

TEXT_FIELDS = ("title", "description", "category")


def spot_checked(change_id: int, share_pct: int) -> bool:
    """Whether this change is one of the ``share_pct`` in a hundred sent to a reviewer."""
    digest = hashlib.sha256(f"product_change:{change_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < share_pct


def price_move_pct(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    """How far the price moved, in % of the live price; None when it cannot be said (no
    live price, or the change clears it): no band covers that."""
    if before is None or after is None or before <= 0:
        return None
    return abs(after - before) * 100 / before


def _only_price_and_stock(product: Product, change: ProductChange) -> bool:
    fields = change.fields()
    if fields.get("remove_images"):
        return False
    for name in TEXT_FIELDS:
        if (fields.get(name) or "") != (getattr(product, name) or ""):
            return False
    if _filled(fields.get("attributes")) != _filled(product.attributes):
        return False
    live, proposed = _sku_pairs(product, fields)
    if set(live) != set(proposed) or any(
        (live[c].get("code") or "") != (proposed[c].get("code") or "") for c in live
    ):
        return False  # SKUs added, removed or recoded: a reviewer looks
    added = db.session.scalar(
        select(ProductImage.id).where(ProductImage.change_id == change.id).limit(1)
    )
    return added is None


def _filled(attributes: dict | None) -> dict:
    """The attributes that say something: the editor keeps an optional one left empty as "",
    a file or the demo keeps no key at all, and every stock-only change to an imported
    listing went to a reviewer."""
    return {code: value for code, value in (attributes or {}).items() if value not in ("", None)}


def _sku_pairs(product: Product, fields: dict) -> tuple[dict, dict]:
    """{combination: SKU} on sale and in the change (a change saved before SKUs: the same)."""
    live = {row["combination"]: row for row in saved_skus(product)}
    if "skus" not in fields:
        return live, live
    return live, {row["combination"]: row for row in fields.get("skus") or ()}


def fits(rule: TrustRule, product: Product, change: ProductChange) -> bool:
    """Every price within the band (each SKU's, not only the lowest one the listing shows),
    stock changed only where the rule allows."""
    fields = change.fields()
    prices = [(product.price, fields.get("price"))]
    stocks = [(product.stock, fields.get("stock"))]
    live, proposed = _sku_pairs(product, fields)
    for combination, row in live.items():
        after = proposed.get(combination, row)
        prices.append((Decimal(str(row["price"])), Decimal(str(after["price"]))))
        stocks.append((row["stock"], after["stock"]))
    for before, after in prices:
        if after != before:
            moved = price_move_pct(before, after)
            if rule.max_price_change_pct is None or moved is None:
                return False
            if moved > rule.max_price_change_pct:
                return False
    return all(before == after for before, after in stocks) or rule.allow_stock_change


def recent_decisions(store_id: int, count: int) -> list[str]:
    """The store's last ``count`` reviewers' decisions, newest first, over everything it
    submitted: its application, listings, changes and promotion registrations."""
    products = select(Product.id).where(Product.store_id == store_id)
    changes = select(ProductChange.id).where(ProductChange.product_id.in_(products))
    registrations = select(ActivityRegistration.id).where(ActivityRegistration.store_id == store_id)
    kind, subject = Review.subject_kind, Review.subject_id
    return list(
        db.session.scalars(
            select(Review.decision)
            .where(
                or_(
                    and_(kind == "store", subject == store_id),
                    and_(kind == "product", subject.in_(products)),
                    and_(kind == "product_change", subject.in_(changes)),
                    and_(kind == "registration", subject.in_(registrations)),
                )
            )
            .order_by(Review.created_at.desc(), Review.id.desc())
            .limit(count)
        )
    )


def clean_record(store_id: int, count: int) -> bool:
    decisions = recent_decisions(store_id, count)
    return len(decisions) == count and all(d == "approve" for d in decisions)


def rule_for(product: Product, change: ProductChange) -> TrustRule | None:
    """The first active rule (oldest first) this change fits."""
    if not _only_price_and_stock(product, change):
        return None
    rules = db.session.scalars(
        select(TrustRule).where(TrustRule.active).order_by(TrustRule.id)
    ).all()
    records: dict[int, bool] = {}  # rules asking the same N read the record once
    for rule in rules:
        if not fits(rule, product, change):
            continue
        if rule.clean_decisions not in records:
            records[rule.clean_decisions] = clean_record(product.store_id, rule.clean_decisions)
        if records[rule.clean_decisions]:
            return rule
    return None


def _tell_merchant(change: ProductChange, rule: TrustRule) -> None:
    subject = subject_for("product_change", change)
    with in_language_of(subject.merchant):
        label = str(subject.label)
        title = _("%(subject)s approved automatically", subject=label)
        body = _(
            "Your %(subject)s was approved automatically (rule: %(rule)s): it is on sale now.",
            subject=label,
            rule=rule.name,
        )
        notify(subject.merchant, title[:1].upper() + title[1:], body, subject.link)


def approve_on_arrival(obj, actor) -> str | None:
    """The trust decider: the rule's name when it approved ``obj``, None when ``obj`` waits
    for a reviewer (not covered, or covered and sampled for a spot check)."""
    if not isinstance(obj, ProductChange):
        return None
    product = db.session.get(Product, obj.product_id)
    rule = rule_for(product, obj)
    if rule is None:
        return None
    detail = {"rule": rule.name, "rule_id": rule.id}
    if spot_checked(obj.id, rule.sample_pct):
        db.session.add(
            TrustOutcome(rule_id=rule.id, subject_kind="product_change", subject_id=obj.id,
                         outcome=SPOT_CHECK)
        )  # fmt: skip
        audit(None, "product_change", obj.id, "spot_check", detail=detail)
        return None
    move(obj, "approve", None, recorded_as="approve_by_rule", detail=detail)
    KINDS["product_change"].approved(obj)
    db.session.add(
        TrustOutcome(rule_id=rule.id, subject_kind="product_change", subject_id=obj.id,
                     outcome=APPROVED)
    )  # fmt: skip
    _tell_merchant(obj, rule)
    return rule.name


def register_decider() -> None:
    decide_on_arrival("trust_rules", approve_on_arrival)
