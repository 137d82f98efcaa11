"""A planner changes the catalogue after the stores' own plans and runs the platform plan
again: a re-priced placement's difference went unexplained ("it takes the budget that moved
away from ..." and nothing about the price), and a placement whose inventory was set to 0 was
said to "clear at 2.8978 per click: only spend with a marginal ROAS of at least 6.44 gets any
of it", beside the merchant's row "other merchants' spend takes it", when nobody could."""

from decimal import Decimal

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.budget.models import Placement
from merchant_portal.extensions import db

from .. import factories
from .marketplace import catalogue, own_plan, shop, text
from .test_platform_explained import recommendation, row, run_as_planner


def placement(code: str) -> Placement:
    return db.session.scalar(select(Placement).where(Placement.code == code))


def test_a_re_priced_placement_is_named_beside_the_own_plan(client, auth):
    planner = factories.make_user(Role.PLANNER)
    catalogue(search_clicks=None, slot=False)
    oak = shop("Oak Goods", "oak@example.com")
    own_plan(oak, planner, 1000)  # search pays 3.75 per 1.00, the feed 1.65: all on search
    placement("search_top").price = Decimal("2.40")  # now 1.25 per 1.00: the feed pays more
    db.session.commit()
    run = run_as_planner(client, auth)
    html = client.get(f"/budget/plans/{recommendation(run, oak).id}").text
    search = row(html, "search_top")
    assert "CN¥1,000.00 CN¥0.00 -CN¥1,000.00" in search
    assert (
        "the catalogue's price changed: CN¥0.80 per click in the own plan, CN¥2.40 in the "
        "platform run."
    ) in search, search
    assert "price changed" not in row(html, "feed")


def test_a_placement_with_no_inventory_has_no_clearing_price_in_words(client, auth):
    planner = factories.make_user(Role.PLANNER)
    catalogue(search_clicks=None, slot=False)
    oak = shop("Oak Goods", "oak@example.com")
    own_plan(oak, planner, 1000)
    placement("search_top").inventory = 0
    db.session.commit()
    run = run_as_planner(client, auth)
    page = text(client.get(f"/budget/platform/{run.id}").text)
    binding = page.split("What binds")[1].split("How good")[0]
    assert "Search results, top has no inventory this period (0 in the catalogue)" in binding
    assert "clears at" not in binding
    prices = page.split("Placements and clearing prices")[1].split("Recommendations")[0]
    assert "Search results, top 0 0 clicks — no inventory this period" in prices, prices
    search = row(client.get(f"/budget/plans/{recommendation(run, oak).id}").text, "search_top")
    assert "no inventory this period" in search and "other merchants" not in search
