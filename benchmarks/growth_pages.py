"""Growth pages at marketplace scale on PostgreSQL, against the same pages on the small demo.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/portal_bench \\
        python -m benchmarks.growth_pages

Large: 10,000 merchants, 100,000 products, about 5.4 million daily sales rows (120 days, each
product selling on ~45% of them), 40 account managers with 250 merchants each. Small: the
``seed-demo`` data (in a database of its own, ``<name>_demo``). The large data is kept, so a
re-run skips its ten-minute build (drop the database to rebuild). Each page is timed through
the app (median of repeated requests) with its SQL statements counted, in the same run. Two raw
baselines show what the rollups save: the book's figures aggregated straight from the daily
rows, and the live recomputation of every merchant's stage that the dashboard's snapshots
replace.

Rollups read: ``store_days`` (month-to-date GMV, last 30 days, last sale), ``store_weeks``
(trends, lifecycle windows, first sale), ``product_weeks`` (best and worst products, category
demand); materialised by ``flask refresh-growth``: ``stage_snapshots`` + ``stage_moves``
(dashboard) and ``category_demand`` (suggestions).
"""

import contextvars
import os
import statistics
import sys
import time
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import event, insert, select, text

from merchant_portal import create_app
from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.growth.models import MerchantAccount
from merchant_portal.growth.summaries import refresh
from merchant_portal.onboarding.categories.services import LEGACY_CODES
from merchant_portal.onboarding.products.models import Product
from merchant_portal.onboarding.store.models import Store
from merchant_portal.sales.models import DailySale
from merchant_portal.timeutil import utcnow

MERCHANTS, PRODUCTS_EACH, MANAGERS, DAYS = 10_000, 10, 40, 120
RUNS = 15
CEILING_MS = 150


def populate_large() -> None:
    now = utcnow()
    categories = list(LEGACY_CODES)  # the categories the portal had in code
    db.session.execute(
        insert(User),
        [
            {
                "email": f"m{i}@example.com",
                "role": Role.MERCHANT,
                "password_hash": None,
                "active": True,
                "session_token": f"t{i}",
                "created_at": now,
            }
            for i in range(MERCHANTS)
        ],
    )
    db.session.execute(
        insert(Store),
        [
            {
                "merchant_id": i + 1,
                "name": f"Store {i:05d}",
                "category": categories[i % 7],
                "status": "approved",
                "created_at": now,
            }
            for i in range(MERCHANTS)
        ],
    )
    for start in range(0, MERCHANTS, 2000):
        db.session.execute(
            insert(Product),
            [
                {
                    "store_id": s + 1,
                    "title": f"Product {s}-{j}",
                    "description": "",
                    "attributes": {},
                    "category": categories[(s + (j == 9)) % 7],
                    "price": 20 + (s * 7 + j * 13) % 180,
                    "stock": 60,
                    "status": "approved",
                    "quality_score": 85,
                    "created_at": now,
                    "updated_at": now,
                }
                for s in range(start, start + 2000)
                for j in range(PRODUCTS_EACH)
            ],
        )
    managers = [
        User(email=f"ops{k}@example.com", role=Role.REVIEWER, password_hash=None)
        for k in range(MANAGERS)
    ]
    db.session.add_all(managers)
    db.session.flush()
    db.session.execute(
        insert(MerchantAccount),
        [
            {
                "store_id": i + 1,
                "manager_id": managers[i % MANAGERS].id,
                "monthly_gmv_target": 20_000,
                "updated_at": now,
            }
            for i in range(MERCHANTS)
        ],
    )
    today = now.date()
    # Sales generated inside PostgreSQL: a weekly rhythm, a tenth of stores declining over the
    # last five weeks, a tenth gone quiet 40 days ago, Garden demand rising.
    db.session.execute(
        text("""
        INSERT INTO daily_sales (product_id, store_id, day, week, visitors, orders, units, gmv,
                                 refunds, updated_at)
        SELECT p.id, p.store_id, d::date, date_trunc('week', d)::date, o * 25 + 7, o, o,
               o * p.price, 0, now()
        FROM products p
        CROSS JOIN generate_series(CAST(:first AS date), CAST(:last AS date), interval '1 day') d
        CROSS JOIN LATERAL (SELECT greatest(1, round(
            (1 + 4 * random())
            * CASE WHEN extract(isodow FROM d) >= 6 THEN 1.3 ELSE 1 END
            * CASE WHEN p.store_id % 10 = 0 AND d > CAST(:last AS date) - 35
                   THEN 0.35 + 0.65 * (CAST(:last AS date) - d::date) / 35.0 ELSE 1 END
            * CASE WHEN p.category = 'Garden'
                   THEN 0.4 + 1.2 * (d::date - CAST(:first AS date)) / 120.0 ELSE 1 END
            ))::int AS o) AS orders_of_day
        WHERE random() < 0.45
          AND NOT (p.store_id % 10 = 1 AND d > CAST(:last AS date) - 40)
        """),
        {"first": today - timedelta(days=DAYS), "last": today - timedelta(days=1)},
    )
    for statement in (
        """INSERT INTO store_days (store_id, day, week, visitors, orders, units, gmv, refunds)
           SELECT store_id, day, min(week), sum(visitors), sum(orders), sum(units), sum(gmv),
                  sum(refunds) FROM daily_sales GROUP BY store_id, day""",
        """INSERT INTO store_weeks (store_id, week, visitors, orders, units, gmv, refunds)
           SELECT store_id, week, sum(visitors), sum(orders), sum(units), sum(gmv), sum(refunds)
           FROM store_days GROUP BY store_id, week""",
        """INSERT INTO product_weeks (product_id, week, store_id, visitors, orders, units, gmv,
                                      refunds)
           SELECT product_id, week, min(store_id), sum(visitors), sum(orders), sum(units),
                  sum(gmv), sum(refunds) FROM daily_sales GROUP BY product_id, week""",
    ):
        db.session.execute(text(statement))
    db.session.commit()
    db.session.execute(text("ANALYZE"))


def sign_in(client, email: str) -> None:
    user = db.session.scalar(select(User).where(User.email == email))
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


def time_pages(app, pages: list[tuple[str, str, str]]) -> dict[str, tuple[float, int]]:
    statements: list[int] = []
    event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(1))
    results = {}
    for label, email, path in pages:
        client = app.test_client()
        sign_in(client, email)
        timings = []
        for _ in range(RUNS):
            statements.clear()
            start = time.perf_counter()
            # a context of its own per request, as a server gives: no signed-in user cached
            response = contextvars.Context().run(client.get, path)
            timings.append(time.perf_counter() - start)
            assert response.status_code == 200, (path, response.status_code)
        results[label] = (statistics.median(timings), len(statements))
    return results


def raw_book_scan(manager_id: int) -> float:
    """The book's month and trend figures straight from the daily rows (no rollup)."""
    today = utcnow().date()
    ids = select(MerchantAccount.store_id).where(MerchantAccount.manager_id == manager_id)
    query = (
        select(DailySale.store_id, sa.func.sum(DailySale.gmv), sa.func.max(DailySale.day))
        .where(DailySale.store_id.in_(ids), DailySale.day >= today - timedelta(days=63))
        .group_by(DailySale.store_id)
    )
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        db.session.execute(query).all()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def owners_are_members() -> None:
    """Each store's merchant is its owner on its team: a merchant in no store is shown the
    page saying so (data built before store teams had none)."""
    from merchant_portal.access import StoreRole
    from merchant_portal.onboarding.team.models import StoreMember

    db.session.execute(
        insert(StoreMember).from_select(
            ["store_id", "user_id", "role", "joined_at"],
            select(
                Store.id,
                Store.merchant_id,
                sa.literal(StoreRole.OWNER, StoreMember.role.type),
                Store.created_at,
            ).where(
                ~select(StoreMember.id).where(StoreMember.user_id == Store.merchant_id).exists()
            ),
        )
    )
    db.session.commit()


def already_built() -> bool:
    """The large data of an earlier run, kept so a re-run skips the ten-minute build."""
    try:
        stores = db.session.scalar(select(sa.func.count()).select_from(Store))
        sold = db.session.scalar(
            text("SELECT reltuples FROM pg_class WHERE relname = 'daily_sales'")
        )
    except sa.exc.DBAPIError:
        db.session.rollback()
        return False
    return (
        stores == MERCHANTS
        and (sold or 0) > 5_000_000
        and "stage_moves" in sa.inspect(db.engine).get_table_names()
    )


def demo_database(url: str) -> str:
    """A database of its own for the demo, beside the large one."""
    return database(url, f"{sa.make_url(url).database}_demo")


def database(url: str, name: str) -> str:
    """``url`` naming database ``name``, created if the server lacks it (a fresh machine)."""
    target = sa.make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        )
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return target.set(database=name).render_as_string(hide_password=False)


def measure(url: str, large: bool) -> tuple[dict, dict]:
    app = create_app(
        {"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False}
    )
    extra = {}
    with app.app_context(), app.test_request_context():
        if large and already_built():
            extra["populate_s"] = 0.0  # kept from an earlier run
            db.create_all()  # what the models gained since (the pinyin collation, i18n.name_order)
        else:
            db.drop_all()
            db.create_all()
        started = time.perf_counter()
        if large:
            if not extra:
                populate_large()
                extra["populate_s"] = time.perf_counter() - started
            owners_are_members()
            extra["daily_rows"] = db.session.scalar(select(sa.func.count()).select_from(DailySale))
            started = time.perf_counter()
            refresh(utcnow().date())
            db.session.commit()
            extra["refresh_s"] = time.perf_counter() - started
            merchant, manager = "m1@example.com", "ops0@example.com"
            extra["raw_book_s"] = raw_book_scan(
                db.session.scalar(select(User.id).where(User.email == manager))
            )
        else:
            from merchant_portal.demo import seed_demo

            seed_demo()
            db.session.commit()
            merchant, manager = "merchant@example.com", "reviewer@example.com"
        store_id = db.session.scalar(
            select(Store.id).join(User, User.id == Store.merchant_id).where(User.email == merchant)
        )
        db.session.remove()
    pages = [
        ("business page", merchant, "/growth/"),
        ("manager's book", manager, "/growth/book"),
        (
            "book by GMV, page 2" if large else "book by GMV",
            manager,
            "/growth/book?sort=gmv&dir=desc" + ("&page=2" if large else ""),
        ),
        ("recall worklist", manager, "/growth/recall"),
        ("dashboard", manager, "/growth/dashboard"),
        ("product selection", manager, "/growth/selection"),
        ("a store, as staff", manager, f"/growth/stores/{store_id}"),
    ]
    with app.app_context():
        results = time_pages(app, pages)
        db.session.remove()
        if not large:
            db.drop_all()
        db.engine.dispose()
    return results, extra


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        sys.exit("Set DATABASE_URL=postgresql+psycopg://…: this benchmark measures PostgreSQL.")
    large, extra = measure(database(url, sa.make_url(url).database), large=True)
    small, _ = measure(demo_database(url), large=False)
    print(
        f"Growth pages: {MERCHANTS:,} merchants / {MERCHANTS * PRODUCTS_EACH:,} products / "
        f"{extra['daily_rows']:,} daily sales rows against the demo (median ms, SQL statements)"
    )
    print(
        f"  (large data built in {extra['populate_s']:.0f} s; summaries refreshed in "
        f"{extra['refresh_s']:.1f} s)"
    )
    worst = 0.0
    for (page, (large_time, large_count)), (small_time, small_count) in zip(
        large.items(), small.values(), strict=True
    ):
        worst = max(worst, large_time)
        print(
            f"  {page:<22} demo {small_time * 1000:6.1f} ms ({small_count:2d})   "
            f"large {large_time * 1000:6.1f} ms ({large_count:2d})   "
            f"ratio {large_time / small_time:5.2f}"
        )
    book = large["manager's book"][0]
    print(
        f"  raw baseline: the book's figures from the daily rows alone: "
        f"{extra['raw_book_s'] * 1000:.1f} ms (book page, everything: {book * 1000:.1f} ms)"
    )
    print(
        f"  raw baseline: the dashboard's stages computed live for every merchant: "
        f"{extra['refresh_s'] * 1000:,.0f} ms (dashboard page: "
        f"{large['dashboard'][0] * 1000:.1f} ms)"
    )
    verdict = "within" if worst * 1000 <= CEILING_MS else "OVER"
    print(f"  slowest page {worst * 1000:.1f} ms: {verdict} the {CEILING_MS} ms budget")


if __name__ == "__main__":
    main()
