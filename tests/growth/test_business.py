"""The merchant's business page: figures, charts, products, promotions, ads, suggestions."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from merchant_portal.access import Role
from merchant_portal.budget.models import PerformanceRecord
from merchant_portal.extensions import db
from merchant_portal.growth.selection import refresh_category_demand
from merchant_portal.onboarding.activities.models import ActivityRegistration
from merchant_portal.timeutil import from_market_time
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .builders import sell_daily


def today():
    return factories.market_today()


def live(store, title, **fields):
    fields.setdefault("category", "Home & Kitchen")
    fields.setdefault("stock", 40)
    fields.setdefault("quality_score", 90)
    return factories.make_product(store, title=title, status=ReviewStatus.APPROVED, **fields)


def test_the_merchant_sees_gmv_conversion_and_order_value(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED, store_name="Oak & Iron")
    skillet = live(store, "Cast iron skillet")
    sell_daily(skillet, today() - timedelta(days=30), 30, gmv=200.0, orders=4, visitors=100)
    db.session.commit()
    page = client.get("/growth/").get_data(as_text=True)
    assert "6,000.00" in page  # 30 days x 200
    assert "4.0%" in page  # 120 orders / 3,000 visitors
    assert "50.00" in page  # 6,000 / 120 orders
    assert page.count('<svg class="chart"') == 4  # GMV, orders, conversion, order value


def test_best_and_worst_products_rank_by_recent_gmv(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    start = today() - timedelta(days=35)
    sellers = [("Skillet", 300.0), ("Board", 100.0), ("Apron", 60.0), ("Kettle", 50.0),
               ("Trivet", 40.0), ("Spoon", 10.0)]  # fmt: skip
    for title, gmv in sellers:
        sell_daily(live(store, title), start, 35, gmv=gmv)
    live(store, "Casserole never sold")
    db.session.commit()
    page = client.get("/growth/").get_data(as_text=True)
    best = page.split('id="best-products"')[1].split("</section>")[0]
    worst = page.split('id="worst-products"')[1].split("</section>")[0]
    assert best.index("Skillet") < best.index("Board") < best.index("Apron") < best.index("Trivet")
    assert "Spoon" not in best and "Skillet" not in worst
    assert worst.index("Casserole never sold") < worst.index("Spoon")


def test_a_small_catalogue_is_not_listed_twice(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    sell_daily(live(store, "Skillet"), today() - timedelta(days=10), 10, gmv=30.0)
    db.session.commit()
    worst = client.get("/growth/").get_data(as_text=True).split('id="worst-products"')[1]
    assert "Skillet" not in worst.split("</section>")[0]


def test_a_promotion_shows_what_it_added_against_the_weeks_before(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    skillet = live(store, "Skillet")
    starts = today() - timedelta(days=10)
    activity = factories.make_activity(
        name="Autumn Kitchen Days",
        # as the admin typed it: 00:00 to 23:59 on the marketplace's clock, stored in UTC
        starts_at=from_market_time(datetime.combine(starts, time())),
        ends_at=from_market_time(datetime.combine(starts + timedelta(days=6), time(23, 59))),
    )
    db.session.add(ActivityRegistration(activity_id=activity.id, product_id=skillet.id,
                                        store_id=store.id, promo_price=Decimal("20"),
                                        promo_stock=20, status=ReviewStatus.APPROVED))  # fmt: skip
    sell_daily(skillet, starts - timedelta(days=28), 28, gmv=100.0)
    sell_daily(skillet, starts, 7, gmv=250.0)
    db.session.commit()
    promotions = client.get("/growth/").get_data(as_text=True).split('id="promotions"')[1]
    assert "Autumn Kitchen Days" in promotions
    assert "1,750.00" in promotions  # 7 days x 250 in the window
    assert "700.00" in promotions  # expected: 7 days x 100 a day before
    assert "1,050.00" in promotions and "+150%" in promotions


def test_ad_return_comes_from_the_recorded_results(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    placement = factories.make_placement(name="Search results, top")
    planner = factories.make_user(Role.PLANNER)
    db.session.add(PerformanceRecord(store_id=store.id, placement_id=placement.id,
                                     period_start=today() - timedelta(days=14),
                                     period_end=today() - timedelta(days=7), spend=Decimal(400),
                                     clicks=500, conversions=20, revenue=Decimal(1400),
                                     recorded_by_id=planner.id))  # fmt: skip
    db.session.commit()
    ads = client.get("/growth/").get_data(as_text=True).split('id="ads"')[1]
    assert "Search results, top" in ads and "3.50\u00d7" in ads


def test_a_category_with_growing_demand_and_few_listings_is_suggested(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED, category="Home & Kitchen")
    _, other = factories.make_merchant(status=ReviewStatus.APPROVED)
    start = today() - timedelta(days=7 * 9)
    # Garden: one listing, sales doubling; Fashion: many listings, flat
    garden = live(other, "Planter", category="Garden")
    sell_daily(garden, start, 35, gmv=100.0)
    sell_daily(garden, start + timedelta(days=35), 28, gmv=200.0, orders=8)
    for n in range(6):
        sell_daily(live(other, f"Scarf {n}", category="Fashion"), start, 63, gmv=50.0, orders=1)
    refresh_category_demand(today())
    db.session.commit()
    suggestions = client.get("/growth/").get_data(as_text=True).split('id="suggestions"')[1]
    assert "Garden: sales up" in suggestions and "in 8 weeks, 1 live listing" in suggestions
    assert "Fashion" not in suggestions


def test_another_merchants_product_answers_404(client, auth):
    _, theirs = factories.make_merchant(status=ReviewStatus.APPROVED)
    their_product = live(theirs, "Their skillet")
    db.session.commit()
    _, mine = auth.as_merchant(status=ReviewStatus.APPROVED)
    own = live(mine, "My skillet")
    db.session.commit()
    assert client.get(f"/growth/products/{own.id}").status_code == 200
    assert client.get(f"/growth/products/{their_product.id}").status_code == 404


def test_staff_open_any_store_and_a_missing_one_answers_404(client, auth):
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED, store_name="Harbour Teas")
    db.session.commit()
    auth.as_role(Role.REVIEWER)
    assert "Harbour Teas" in client.get(f"/growth/stores/{store.id}").get_data(as_text=True)
    assert client.get("/growth/stores/999999").status_code == 404


def test_the_checklist_continues_with_first_sale_and_a_growth_step(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    skillet = live(store, "Skillet")
    db.session.commit()
    page = client.get("/onboarding").get_data(as_text=True)
    first_sale = page.split('data-step="first_sale"')[1].split("</li>")[0]
    assert "To do" in first_sale
    assert "Suggested after your first sale" in page
    sell_daily(skillet, today() - timedelta(days=3), 3, gmv=80.0)
    db.session.commit()
    page = client.get("/onboarding").get_data(as_text=True)
    first_sale = page.split('data-step="first_sale"')[1].split("</li>")[0]
    assert "Done" in first_sale
    growth = page.split('data-step="growth_step"')[1].split("</li>")[0]
    assert "best sellers" in growth


def test_a_new_merchants_checklist_is_still_about_onboarding(client, auth):
    auth.as_merchant()
    page = client.get("/onboarding").get_data(as_text=True)
    assert "0 of 8 steps done" in page and 'data-step="first_sale"' not in page
