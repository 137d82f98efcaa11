"""Builders for test data: small, explicit, and fast (one argon2 hash for every account)."""

import secrets
from datetime import timedelta
from decimal import Decimal
from itertools import count
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from merchant_portal.access import Role, StoreRole
from merchant_portal.auth.models import User
from merchant_portal.auth.passwords import hash_password
from merchant_portal.budget.models import BudgetPlan, Placement
from merchant_portal.demo import MINIMAL_PDF
from merchant_portal.extensions import db
from merchant_portal.notifications.models import Notification
from merchant_portal.onboarding.activities.models import Activity
from merchant_portal.onboarding.products.models import Product, ProductImage
from merchant_portal.onboarding.store.models import Store, StoreDocument
from merchant_portal.onboarding.team.models import StoreMember
from merchant_portal.timeutil import market_today, utcnow
from merchant_portal.workflow.reviewable import ReviewStatus

PASSWORD = "correct horse battery"
# Admins sign in with a second factor, so the admins tests make have one, from this secret
# (tests.conftest.Auth types its code); second_factor=False makes one still to set it up.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD_HASH = hash_password(PASSWORD)
_serial = count(1)


def make_user(
    role: Role = Role.MERCHANT,
    email: str | None = None,
    second_factor: bool | None = None,
    **fields,
) -> User:
    if second_factor if second_factor is not None else role == Role.ADMIN:
        fields.setdefault("totp_secret", TOTP_SECRET)
        fields.setdefault("totp_enabled_at", utcnow())
    user = User(
        email=email or f"{role.value}{next(_serial)}@example.com",
        role=role,
        password_hash=PASSWORD_HASH,
        **fields,
    )
    db.session.add(user)
    db.session.flush()
    return user


def make_merchant(
    email: str | None = None, store_name: str = "Test Store", **store_fields
) -> tuple[User, Store]:
    user = make_user(Role.MERCHANT, email)
    store = Store(merchant_id=user.id, name=store_name, **store_fields)
    db.session.add(store)
    db.session.flush()
    return user, store


def make_member(store_id: int, user: User, role: StoreRole) -> StoreMember:
    """``user`` joins the store's team in ``role`` (the store's merchant is its first owner)."""
    member = StoreMember(store_id=store_id, user_id=user.id, role=role)
    db.session.add(member)
    db.session.flush()
    return member


def make_product(store: Store, title: str = "Cast iron skillet 26 cm", **fields) -> Product:
    fields.setdefault("price", Decimal("29.90"))
    fields.setdefault("stock", 10)
    fields.setdefault("status", ReviewStatus.DRAFT)
    product = Product(store_id=store.id, title=title, **fields)
    db.session.add(product)
    db.session.flush()
    return product


def make_activity(**fields) -> Activity:
    now = utcnow()
    values = {
        "name": "Winter Sale",
        "registration_opens_at": now - timedelta(days=1),
        "registration_closes_at": now + timedelta(days=7),
        "starts_at": now + timedelta(days=10),
        "ends_at": now + timedelta(days=20),
        "min_discount_pct": Decimal(10),
    }
    values.update(fields)
    activity = Activity(**values)
    db.session.add(activity)
    db.session.flush()
    return activity


def make_placement(code: str = "search_top", **fields) -> Placement:
    values = {
        "name": code.replace("_", " ").title(),
        "channel": "search",
        "pricing": "cpc",
        "price": Decimal("0.8"),
        "prior_cvr": 0.05,
        "prior_aov": Decimal(60),
    }
    values.update(fields)
    placement = Placement(code=code, **values)
    db.session.add(placement)
    db.session.flush()
    return placement


def make_document(store: Store, kind: str = "business_licence", verdict: str | None = None):
    """A stored document with a real PDF behind it."""

    name = f"{secrets.token_hex(16)}.pdf"
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "document"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(MINIMAL_PDF)
    document = StoreDocument(
        store_id=store.id, kind=kind, original_name="licence.pdf", stored_name=name,
        content_type="application/pdf", size=len(MINIMAL_PDF), verdict=verdict,
    )  # fmt: skip
    db.session.add(document)
    db.session.flush()
    return document


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99"
    b"=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def make_image(product: Product):

    name = f"{secrets.token_hex(16)}.png"
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "image"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(PNG)
    image = ProductImage(
        product_id=product.id, stored_name=name, original_name="front.png",
        content_type="image/png", size=len(PNG),
    )  # fmt: skip
    db.session.add(image)
    db.session.flush()
    return image


def make_notification(user: User, subject: str = "Your store was approved"):

    notification = Notification(
        user_id=user.id, subject=subject, body="Well done.", link="/onboarding"
    )
    db.session.add(notification)
    db.session.flush()
    return notification


def make_plan(store: Store, by: User, budget: float = 1000.0):
    """A real optimizer answer, kept as the portal keeps it."""
    from merchant_portal.budget.models import BudgetPlan
    from optimizer.single import parse_plan_request, plan

    request = {
        "budget": budget,
        "placements": [{"id": "search_top", "pricing": "cpc", "price": 0.8, "cvr": 0.05, "aov": 60,
                        "saturation": {"half_spend": 3000}}],
    }  # fmt: skip
    budget_plan = BudgetPlan(
        store_id=store.id, created_by_id=by.id, kind="planner", objective="revenue",
        budget=Decimal(str(budget)), request=request, result=plan(parse_plan_request(request)).to_json(),
    )  # fmt: skip
    db.session.add(budget_plan)
    db.session.flush()
    return budget_plan


def make_result(store: Store, by: "User | int", placement_id: int | None = None, week=None):
    """One week of a placement's results for the store (re-planning learns from them)."""
    from merchant_portal.budget.models import PerformanceRecord

    if placement_id is None:
        placement_id = db.session.scalar(select(Placement.id).order_by(Placement.id).limit(1))
    week = week or market_today() - timedelta(days=market_today().weekday() + 7)
    record = PerformanceRecord(
        store_id=store.id, placement_id=placement_id, week=week, period_start=week,
        period_end=week + timedelta(days=6), spend=Decimal(500), impressions=0, clicks=600,
        conversions=10, revenue=Decimal(1500), recorded_by_id=getattr(by, "id", by),
    )  # fmt: skip
    db.session.add(record)
    db.session.flush()
    return record


def make_marketplace(count: int, planner: User) -> None:
    """``count`` approved merchants, each with a plan, and two placements: a platform run's
    input, inserted in three statements."""
    from sqlalchemy import func, insert, select

    make_placement("search_top", inventory=400_000)
    make_placement("feed", pricing="cpm", price=Decimal(12), prior_ctr=0.012)
    now = utcnow()
    db.session.execute(
        insert(User),
        [
            {
                "email": f"shop{i}@example.com",
                "role": Role.MERCHANT,
                "password_hash": "x",
                "active": True,
                "session_token": f"t{i}",
                "created_at": now,
            }
            for i in range(count)
        ],
    )
    first_user = db.session.scalar(select(func.min(User.id)).where(User.email.like("shop%")))
    db.session.execute(
        insert(Store),
        [
            {
                "merchant_id": first_user + i,
                "name": f"Shop {i:04d}",
                "status": ReviewStatus.APPROVED,
                "created_at": now,
            }
            for i in range(count)
        ],
    )
    first_store = db.session.scalar(select(func.min(Store.id)))
    db.session.execute(
        insert(BudgetPlan),
        [
            {
                "store_id": first_store + i,
                "created_by_id": planner.id,
                "kind": "planner",
                "objective": "revenue",
                "budget": Decimal(500 + (i % 40) * 100),
                "request": {},
                "result": {
                    "totals": {"spend": 0.0, "revenue": 0.0, "roas": 0.0},
                    "allocations": [],
                },
                "created_at": now,
            }
            for i in range(count)
        ],
    )


def make_curve_fit(store: Store, placement: Placement, number: int = 1):
    """A stored fit with one store's curve and its placement's pooled curve."""
    from merchant_portal.budget.curves.models import CurveFit, FittedCurve, FittedPlacement

    fit = CurveFit(number=number, weeks=12, curves=1, explored=1, holdout_weeks=4, seconds=1.0,
                   method="test")  # fmt: skip
    db.session.add(fit)
    db.session.flush()
    db.session.add(FittedPlacement(fit_id=fit.id, placement_id=placement.id, carryover=0.2,
                                   carryover_low=0.1, carryover_high=0.3, half_spend=900.0,
                                   per_spend=0.05, aov=60.0, stores=1))  # fmt: skip
    db.session.add(FittedCurve(fit_id=fit.id, store_id=store.id, placement_id=placement.id,
                               weeks=12, half_spend=800.0, half_spend_low=500.0,
                               half_spend_high=1200.0, per_spend=0.05, per_spend_low=0.04,
                               per_spend_high=0.06, aov=60.0, explored=True))  # fmt: skip
    db.session.flush()
    return fit
