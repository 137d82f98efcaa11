"""Demo data: one account per role and merchants at every onboarding stage."""

import secrets
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from flask import current_app

from .access import Role
from .auth.models import User
from .auth.passwords import hash_password
from .budget.models import Placement
from .demo_chinese import seed_chinese_merchant
from .extensions import db
from .onboarding.activities.models import Activity, ActivityRegistration
from .onboarding.products.models import Product
from .onboarding.products.quality import assess_product
from .onboarding.store.models import Store, StoreDocument
from .timeutil import market_today, utcnow
from .workflow.reviewable import ReviewStatus

DEMO_PASSWORD = "demo-password"  # noqa: S105  (published in README for the demo)

FULL_PROFILE = {
    "category": "Home & Kitchen",
    "description": "Hand-finished kitchenware from a family workshop.",
    "contact_email": "hello@example.com",
    "contact_phone": "+44 20 7946 0000",
    "shipping_policy": "Ships within 2 working days; free over 40.",
    "return_policy": "30-day returns, refunds within 5 days of receipt.",
}

MERCHANTS = [
    # (email, store name, store status, profile complete?, products as (title, status))
    ("new.merchant@example.com", "Fresh Start Goods", ReviewStatus.DRAFT, False, []),
    ("waiting.merchant@example.com", "Harbour Teas", ReviewStatus.SUBMITTED, True, []),
    ("sentback.merchant@example.com", "Quick Gadgets", ReviewStatus.CHANGES_REQUESTED, True, []),
    (
        "merchant@example.com",
        "Oak & Iron Kitchen",
        ReviewStatus.APPROVED,
        True,
        [
            ("Cast iron skillet 26 cm, pre-seasoned", ReviewStatus.APPROVED),
            ("Oak chopping board, end grain, 40 x 30 cm", ReviewStatus.APPROVED),
            ("Linen apron with two pockets", ReviewStatus.SUBMITTED),
            ("Enamel casserole", ReviewStatus.DRAFT),
        ],
    ),
]

# a name per language: Chinese pages read 搜索结果顶部, not "Search results, top"
PLACEMENT_NAMES_ZH = {
    "search_top": "搜索结果顶部",
    "search_side": "搜索结果侧栏",
    "feed": "猜你喜欢信息流",
    "home_banner": "首页横幅",
    "category_banner": "类目页横幅",
}

PLACEMENTS = [
    # code, name, channel, pricing, price, inventory, per slot, half spend, ctr, cvr, aov
    (
        "search_top",
        "Search results, top",
        "search",
        "cpc",
        "0.80",
        200000,
        None,
        "3000",
        None,
        0.05,
        "60",
    ),
    (
        "search_side",
        "Search results, side",
        "search",
        "cpc",
        "0.45",
        400000,
        None,
        "2000",
        None,
        0.03,
        "55",
    ),
    ("feed", "Recommendation feed", "feed", "cpm", "12", 5000000, None, "4000", 0.012, 0.03, "55"),
    (
        "home_banner",
        "Home page banner",
        "display",
        "slot",
        "2000",
        7,
        150000,
        None,
        0.004,
        0.02,
        "70",
    ),
    (
        "category_banner",
        "Category page banner",
        "display",
        "cpm",
        "6",
        3000000,
        None,
        None,
        0.006,
        0.025,
        "50",
    ),
]


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _demo_licence(store: Store) -> StoreDocument:
    """A real (blank) PDF file behind the demo's business licences."""
    stored_name = f"{secrets.token_hex(16)}.pdf"
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "document"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored_name).write_bytes(MINIMAL_PDF)
    return StoreDocument(
        store_id=store.id,
        kind="business_licence",
        original_name="business-licence.pdf",
        stored_name=stored_name,
        content_type="application/pdf",
        size=len(MINIMAL_PDF),
    )


def seed_demo() -> list[tuple[str, str]]:
    from .onboarding.categories.kinds import seed_document_kinds
    from .onboarding.categories.services import load_seed

    # a migrated database has the built-in kinds; one made by create_all (benchmarks) has none,
    # and the tree's leaves name them
    seed_document_kinds()
    db.session.flush()
    load_seed()  # the whole tree, before stores and products are filed in it
    password_hash = hash_password(DEMO_PASSWORD)  # hashed once: argon2 is slow on purpose
    logins, logins_ids = [], {}
    for role in (Role.ADMIN, Role.REVIEWER, Role.PLANNER):
        email = f"{role.value}@example.com"
        staff = User(email=email, role=role, password_hash=password_hash)
        db.session.add(staff)
        db.session.flush()
        logins_ids[role.value] = staff.id
        logins.append((role.value, email))

    now = utcnow()
    for email, store_name, status, complete, products in MERCHANTS:
        user = User(email=email, role=Role.MERCHANT, password_hash=password_hash)
        db.session.add(user)
        db.session.flush()
        store = Store(merchant_id=user.id, name=store_name, status=status)
        if complete:
            for field, value in FULL_PROFILE.items():
                setattr(store, field, value)
        if status != ReviewStatus.DRAFT:
            store.submitted_at = now - timedelta(days=2)
        db.session.add(store)
        db.session.flush()
        if status != ReviewStatus.DRAFT:
            db.session.add(_demo_licence(store))
        for index, (title, product_status) in enumerate(products):
            product = Product(
                store_id=store.id,
                title=title,
                description=f"{title}. Made to last and easy to care for: wash by hand, dry at "
                "once. Every piece is checked in our workshop and shipped in recycled packaging.",
                category="Home & Kitchen",
                price=Decimal("24.90") + 10 * index,
                stock=50,
                attributes={"material": "cast iron" if index == 0 else "", "colour": "black"},
                status=product_status,
                submitted_at=now - timedelta(hours=5) if product_status != "draft" else None,
            )
            product.quality_score = assess_product(product, 0).score
            db.session.add(product)
            if index == 0:
                live_product = product
        logins.append(("merchant", email))

    winter = Activity(
        name="Winter Home Sale",
        name_zh="冬季家居特卖",
        description=(
            "全店冬季促销，首页与搜索结果中展示。"  # noqa: RUF001
            "Storewide winter promotion on the home page and in search."
        ),
        registration_opens_at=now - timedelta(days=3),
        registration_closes_at=now + timedelta(days=10),
        starts_at=now + timedelta(days=14),
        ends_at=now + timedelta(days=21),
        categories=["Home & Kitchen", "Garden"],
        min_discount_pct=Decimal("15"),
        min_promo_stock=20,
        max_products_per_store=5,
    )
    db.session.add_all(
        [
            winter,
            Activity(
                name="New Year Flash Deals",
                name_zh="新年限时秒杀",
                description=(
                    "48 小时限时秒杀，每店限报 1 件商品。"  # noqa: RUF001
                    "48-hour flash deals, one product per store."
                ),
                registration_opens_at=now + timedelta(days=5),
                registration_closes_at=now + timedelta(days=25),
                starts_at=now + timedelta(days=37),
                ends_at=now + timedelta(days=39),
                categories=[],
                min_discount_pct=Decimal("30"),
                min_promo_stock=50,
                max_products_per_store=1,
            ),
        ]
    )
    db.session.flush()
    db.session.add(
        ActivityRegistration(
            activity_id=winter.id,
            product_id=live_product.id,
            store_id=live_product.store_id,
            promo_price=Decimal("19.90"),
            promo_stock=20,
            status=ReviewStatus.SUBMITTED,
        )
    )
    for code, name, channel, pricing, price, inventory, per_slot, half, ctr, cvr, aov in PLACEMENTS:
        db.session.add(
            Placement(
                code=code,
                name=name,
                name_zh=PLACEMENT_NAMES_ZH.get(code),
                channel=channel,
                pricing=pricing,
                price=Decimal(price),
                inventory=inventory,
                impressions_per_slot=per_slot,
                half_spend=Decimal(half) if half else None,
                prior_ctr=ctr,
                prior_cvr=cvr,
                prior_aov=Decimal(aov),
            )
        )
    db.session.flush()
    _demo_plan(live_product.store_id, planner_id=logins_ids["planner"])
    logins.append(seed_chinese_merchant(now, password_hash, MINIMAL_PDF))
    from .growth.demo import seed_growth

    logins += seed_growth(now, password_hash, planner_id=logins_ids["planner"])
    return logins


def _four_weeks_ago():
    from .budget.plans.period import monday_of

    return monday_of(market_today()) - timedelta(weeks=4)


def _demo_plan(store_id: int, planner_id: int) -> None:
    """A plan business operations already ran for the approved demo store."""
    from optimizer.single import parse_plan_request, plan

    from .budget.models import BudgetPlan
    from .budget.plans.stored import stored_result
    from .budget.requests import plan_request

    placements = list(
        db.session.scalars(db.select(Placement).order_by(Placement.channel, Placement.id))
    )
    request = plan_request(
        placements, {"budget": 8000, "objective": "revenue", "shares": {"display": 30}}
    )
    db.session.add(
        BudgetPlan(
            store_id=store_id,
            created_by_id=planner_id,
            kind="planner",
            objective="revenue",
            budget=Decimal(8000),
            request=request,
            result=stored_result(plan(parse_plan_request(request))),
            # the last four weeks, so planned against actual has weeks to compare
            period_start=_four_weeks_ago(),
            weeks=4,
            budget_basis="weekly",
            period_budget=Decimal(32000),
        )
    )
