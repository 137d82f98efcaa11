"""Demo growth data: 120 days of believable sales for a dozen stores, books, a recall.

Weekly rhythm (weekends sell more), a promotion bump, Garden demand rising on few listings,
one merchant declining, one dormant, one recovered, one just activated. Rows go in with one
bulk insert and the rollups are computed once, so ``seed-demo`` stays quick."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from ..access import Role
from ..auth.models import User
from ..budget.models import AdBudget, PerformanceRecord, Placement
from ..extensions import db
from ..onboarding.activities.models import Activity, ActivityRegistration
from ..onboarding.catalog import attributes_for
from ..onboarding.products.models import Product
from ..onboarding.products.quality import assess_product
from ..onboarding.store.models import Store
from ..sales.models import DailySale, week_of
from ..sales.services import refresh_rollups
from ..timeutil import from_market_time, market_day
from ..workflow.reviewable import ReviewStatus
from .models import MerchantAccount, RecallAction
from .summaries import refresh

DAYS = 120
WEEKDAY = (0.9, 0.85, 0.9, 0.95, 1.1, 1.35, 1.3)  # Monday … Sunday
PROMOTION_DAYS_AGO = (70, 64)  # the promotion ran from 70 to 64 days ago


def _trend(pattern: str, ago: int) -> float:
    """How busy a store is ``ago`` days before today, against its usual level."""
    if pattern == "growing":
        return 0.6 + 0.8 * (1 - ago / DAYS)
    if pattern == "surging":  # Garden: demand up ~40% every four weeks
        return 0.3 * 1.4 ** ((DAYS - ago) / 28)
    if pattern == "declining":
        return 1.0 if ago > 35 else 0.35 + 0.65 * ago / 35
    if pattern == "dormant":
        return 1.0 if ago > 45 else 0.0
    if pattern == "recovered":
        return 0.45 if 29 <= ago <= 58 else (1.1 if ago < 29 else 1.0)
    if pattern == "activated":
        return 1.0 if ago <= 12 else 0.0
    return 1.0


# store, email (None: no login printed), category, pattern, [(title, price, orders a day)]
STORES = [
    (
        "Silk Road Scarves",
        "declining.merchant@example.com",
        "Fashion",
        "declining",
        [
            ("Mulberry silk scarf, 90 x 90 cm", "59.00", 9),
            ("Cashmere blend wrap, charcoal", "89.00", 4),
            ("Printed chiffon scarf, peony", "29.00", 11),
        ],
    ),
    (
        "Lantern Toys",
        "dormant.merchant@example.com",
        "Toys",
        "dormant",
        [
            ("Wooden stacking rainbow, 7 arches", "32.00", 6),
            ("Paper lantern craft kit", "18.00", 8),
        ],
    ),
    (
        "Bamboo Home Goods",
        None,
        "Home & Kitchen",
        "recovered",
        [
            ("Bamboo drawer organiser set of 6", "26.00", 10),
            ("Bamboo cutting board trio", "34.00", 7),
        ],
    ),
    (
        "Jade Garden Tools",
        None,
        "Garden",
        "surging",
        [
            ("Galvanised steel garden planter, 60 cm", "39.90", 9),
            ("Ash-handled hand trowel", "19.90", 12),
        ],
    ),
    (
        "Summit Outdoor Garden",
        None,
        "Garden",
        "surging",
        [("Cedar raised garden bed, 120 x 60 cm", "119.00", 4)],
    ),
    (
        "Pearl River Beauty",
        None,
        "Beauty",
        "steady",
        [
            ("Rose hydrating toner 200 ml", "24.00", 14),
            ("Green tea clay mask 100 g", "21.00", 10),
            ("Rice water cleanser 150 ml", "19.00", 12),
        ],
    ),
    (
        "Copper Kettle Coffee",
        None,
        "Food & Drink",
        "steady",
        [("Yunnan single-origin beans 500 g", "68.00", 8), ("Pour-over starter set", "45.00", 3)],
    ),
    (
        "Northwind Electronics",
        None,
        "Electronics",
        "steady",
        [
            ("Wireless earbuds with charging case", "199.00", 6),
            ("65 W USB-C charger", "89.00", 9),
            ("Braided USB-C cable 2 m", "29.00", 15),
        ],
    ),
    (
        "Little Sprout Toys",
        None,
        "Toys",
        "activated",
        [("Montessori busy board", "79.00", 3), ("Felt animal finger puppets", "25.00", 5)],
    ),
    (
        "Linen & Loom",
        None,
        "Fashion",
        "steady",
        [("Washed linen shirt, sage", "149.00", 3), ("Linen drawstring trousers", "129.00", 3)],
    ),
    (
        "Maple Kitchen Co.",
        None,
        "Home & Kitchen",
        "steady",
        [
            ("Maple rolling pin, 45 cm", "36.00", 5),
            ("Stackable pantry jars set of 4", "49.00", 6),
            ("Enamel colander, white", "42.00", 4),
        ],
    ),
]

OAK_PRODUCTS_PATTERN = "growing"
BOOK_OF = {
    "reviewer@example.com": [
        "Oak & Iron Kitchen",
        "Silk Road Scarves",
        "Lantern Toys",
        "Bamboo Home Goods",
        "Jade Garden Tools",
        "Little Sprout Toys",
        "Pearl River Beauty",
        "Copper Kettle Coffee",
    ],
    "mia.ops@example.com": [
        "Northwind Electronics",
        "Linen & Loom",
        "Maple Kitchen Co.",
        "Summit Outdoor Garden",
    ],
}


def _description(title: str, category: str) -> str:
    return (
        f"{title}. Chosen for everyday use and made to last; every piece is checked before it "
        f"ships in recycled packaging. Questions about {category.lower()} care? Ask us any time."
    )


def _attributes(category: str) -> dict:
    return {name: "as pictured" for name in attributes_for(category)}


def seed_growth(now: datetime, password_hash: str, planner_id: int) -> list[tuple[str, str]]:
    """Stores, products, sales, books, a recall action and the summaries. Returns logins."""
    rng = random.Random(15)  # noqa: S311  (demo figures, the same every time)
    today = market_day(now)  # sales are dated on the marketplace's calendar
    logins = []
    manager = User(email="mia.ops@example.com", role=Role.REVIEWER, password_hash=password_hash)
    db.session.add(manager)
    stores: dict[str, tuple[Store, str, list[Product]]] = {}
    for name, email, category, pattern, products in STORES:
        user = User(
            email=email or f"{name.split()[0].lower()}.{category.split()[0].lower()}@example.com",
            role=Role.MERCHANT,
            password_hash=password_hash,
            last_login_at=now - timedelta(days=50 if pattern == "dormant" else 2),
        )
        db.session.add(user)
        db.session.flush()
        store = Store(
            merchant_id=user.id,
            name=name,
            category=category,
            status=ReviewStatus.APPROVED,
            description=f"{name}: {category.lower()} chosen with care.",
            contact_email=user.email,
            shipping_policy="Ships within 2 working days.",
            return_policy="30-day returns.",
            submitted_at=now - timedelta(days=DAYS + 20),
            decided_at=now - timedelta(days=DAYS + 18),
        )
        db.session.add(store)
        db.session.flush()
        items = []
        for title, price, _ in products:
            product = Product(
                store_id=store.id,
                title=title,
                description=_description(title, category),
                category=category,
                price=Decimal(price),
                stock=rng.randint(40, 90),
                attributes=_attributes(category),
                status=ReviewStatus.APPROVED,
                submitted_at=now - timedelta(days=DAYS + 10),
                decided_at=now - timedelta(days=DAYS + 9),
            )
            product.quality_score = assess_product(product, 0).score
            items.append(product)
        db.session.add_all(items)
        stores[name] = (store, pattern, items)
        if email:
            logins.append(("merchant", email))
    logins.append(("reviewer", manager.email))
    db.session.flush()

    oak = db.session.scalar(select(Store).where(Store.name == "Oak & Iron Kitchen"))
    oak_live = list(
        db.session.scalars(
            select(Product).where(Product.store_id == oak.id, Product.status == "approved")
        )
    )
    stores["Oak & Iron Kitchen"] = (oak, OAK_PRODUCTS_PATTERN, oak_live)
    velocity = {title: orders for *_, products in STORES for title, _, orders in products}
    velocity.update({product.title: 7 for product in oak_live})
    promotion = _past_promotion(now, oak_live)

    rows = []
    for _store, pattern, products in stores.values():
        for product in products:
            for ago in range(DAYS, 0, -1):
                day = today - timedelta(days=ago)
                promoted = promotion and PROMOTION_DAYS_AGO[1] <= ago <= PROMOTION_DAYS_AGO[0]
                expected = (
                    velocity[product.title]
                    * WEEKDAY[day.weekday()]
                    * _trend(pattern, ago)
                    * (1.9 if promoted else 1.0)
                )
                orders = max(0, round(rng.gauss(expected, expected**0.5 * 0.6)))
                if not orders and _trend(pattern, ago) == 0:
                    continue  # no shop activity at all: no row, as the marketplace sends none
                visitors = round(orders / rng.uniform(0.03, 0.05)) + rng.randint(5, 30)
                price = product.price * (Decimal("0.85") if promoted else 1)
                gmv = (price * orders).quantize(Decimal("0.01"))
                refunds = price if orders > 5 and rng.random() < 0.05 else Decimal(0)
                rows.append(
                    {
                        "product_id": product.id,
                        "store_id": product.store_id,
                        "day": day,
                        "week": week_of(day),
                        "visitors": visitors,
                        "orders": orders,
                        "units": orders + (orders // 6),
                        "gmv": gmv,
                        "refunds": refunds.quantize(Decimal("0.01")),
                        "updated_at": now,
                    }
                )
    db.session.execute(insert(DailySale), rows)
    days = sorted({row["day"] for row in rows})
    refresh_rollups(
        sorted({row["store_id"] for row in rows}),
        days,
        sorted({week_of(d) for d in days}),
        sorted({row["product_id"] for row in rows}),
    )

    _books(stores, manager, rows)
    _ad_results(oak.id, planner_id, today)
    _ad_budgets(stores, planner_id)
    bamboo = stores["Bamboo Home Goods"][0]
    reviewer = db.session.scalar(select(User).where(User.email == "reviewer@example.com"))
    db.session.add(
        RecallAction(
            store_id=bamboo.id,
            actor_id=reviewer.id,
            kind="message",
            stage="at_risk",
            template="sales_slowing",
            note="Suggested a bundle for the drawer organisers.",
            created_at=now - timedelta(days=29),
        )
    )
    db.session.flush()
    refresh(today)
    return logins


def _past_promotion(now: datetime, products: list[Product]) -> Activity:
    # 00:00 on the marketplace's clock, stored in UTC as every time is
    start = from_market_time(
        datetime.combine(market_day(now) - timedelta(days=PROMOTION_DAYS_AGO[0]), time())
    )
    activity = Activity(
        name="Golden Week Home Festival",
        name_zh="国庆黄金周家居节",
        description="A week of home deals on the home page and in search.",
        registration_opens_at=start - timedelta(days=20),
        registration_closes_at=start - timedelta(days=5),
        starts_at=start,
        ends_at=start + timedelta(days=6, hours=23, minutes=59),
        categories=["Home & Kitchen"],
        min_discount_pct=Decimal(10),
        min_promo_stock=10,
        max_products_per_store=5,
    )
    db.session.add(activity)
    db.session.flush()
    for product in products:
        db.session.add(
            ActivityRegistration(
                activity_id=activity.id,
                product_id=product.id,
                store_id=product.store_id,
                promo_price=(product.price * Decimal("0.85")).quantize(Decimal("0.01")),
                promo_stock=30,
                status=ReviewStatus.APPROVED,
                submitted_at=start - timedelta(days=10),
                decided_at=start - timedelta(days=8),
            )
        )
    return activity


def _books(stores: dict, manager: User, rows: list[dict]) -> None:
    """Each book's merchants, with a target a little above their usual month."""
    monthly: dict[int, Decimal] = {}
    for row in rows:
        monthly[row["store_id"]] = monthly.get(row["store_id"], Decimal(0)) + row["gmv"]
    managers = {
        email: db.session.scalar(select(User.id).where(User.email == email)) for email in BOOK_OF
    }
    for email, names in BOOK_OF.items():
        for name in names:
            store = stores[name][0]
            usual = monthly.get(store.id, Decimal(0)) / 4
            target = (usual * Decimal("1.1")).quantize(Decimal("100")) or Decimal(5000)
            db.session.add(
                MerchantAccount(
                    store_id=store.id, manager_id=managers[email], monthly_gmv_target=target
                )
            )


def _ad_results(store_id: int, planner_id: int, today: date) -> None:
    """Twelve weeks of results on two placements, a week a row as the results page keeps them."""
    placements = {p.code: p.id for p in db.session.scalars(select(Placement))}
    last_monday = today - timedelta(days=today.weekday() + 7)
    for code, spend, revenue in (("search_top", 300, 1075), ("feed", 200, 475)):
        for weeks_ago in range(12):
            monday = last_monday - timedelta(weeks=weeks_ago)
            wave = 1 + ((weeks_ago * 7) % 5 - 2) / 20  # a little week-to-week movement
            week_spend = round(spend * wave)
            db.session.add(
                PerformanceRecord(
                    store_id=store_id,
                    placement_id=placements[code],
                    week=monday,
                    period_start=monday,
                    period_end=monday + timedelta(days=6),
                    spend=Decimal(week_spend),
                    impressions=week_spend * 150,
                    clicks=week_spend,
                    conversions=round(revenue * wave) // 60,
                    revenue=Decimal(round(revenue * wave)),
                    recorded_by_id=planner_id,
                )
            )


def _ad_budgets(stores: dict, planner_id: int) -> None:
    """Most demo stores set a monthly ad budget, so a platform run covers them; dormant ones
    did not, and Oak & Iron runs on the budget of its own plan."""
    for index, (store, pattern, _products) in enumerate(stores.values()):
        if pattern == "dormant" or store.name == "Oak & Iron Kitchen":
            continue
        monthly = Decimal(2000 + 1000 * (index % 5))
        db.session.add(AdBudget(store_id=store.id, monthly=monthly, set_by_id=planner_id))
