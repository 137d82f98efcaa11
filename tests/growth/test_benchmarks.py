"""Peer benchmarks on the business page: the store against its category's quartiles, never
another store's own figure, in the same statements however many peers."""

from datetime import timedelta

from merchant_portal.extensions import db
from merchant_portal.growth.benchmarks import MIN_PEERS, peer_benchmarks
from merchant_portal.workflow.reviewable import ReviewStatus as S

from .. import factories
from ..test_query_counts import statements_for
from .builders import sell_daily


def today():
    return factories.market_today()


def shop(name: str, category: str, orders: int, gmv: float, visitors: int = 100):
    """56 days of the same sales: 4 orders in 100 visitors is 4% conversion."""
    _, store = factories.make_merchant(status=S.APPROVED, store_name=name, category=category)
    product = factories.make_product(store, title=f"{name} pot", status=S.APPROVED)
    sell_daily(product, today() - timedelta(days=70), 70, gmv=gmv, orders=orders,
               visitors=visitors)  # fmt: skip
    return store


def peers(count: int, start: int = 1) -> None:
    for n in range(start, start + count):
        shop(f"Peer {n}", "Garden", orders=n, gmv=10.0 * n * 7)  # AOV 70, conversion n%


def test_the_store_stands_against_its_category_s_quartiles(app):
    mine = shop("Mine", "Garden", orders=9, gmv=9 * 50.0)
    peers(7)
    shop("Elsewhere", "Toys", orders=50, gmv=5000.0)  # another category counts for nothing
    db.session.commit()
    found = peer_benchmarks(mine, today())
    assert found.peers == 7
    conversion = {b.code: b for b in found.rows}["conversion"]
    assert conversion.mine == 9.0
    assert (conversion.spread.lower, conversion.spread.median, conversion.spread.upper) == (
        2.5, 4.0, 5.5)  # fmt: skip
    assert conversion.standing == "top"
    aov = {b.code: b for b in found.rows}["aov"]
    assert aov.mine == 50.0 and aov.spread.median == 70.0 and aov.standing == "bottom"
    assert {b.code: b for b in found.rows}["growth"].spread.median == 0.0


def test_the_merchant_sees_the_comparison_and_no_peer_s_figures(client, auth):
    _, mine = auth.as_merchant(status=S.APPROVED, category="Garden")
    product = factories.make_product(mine, title="Mine pot", status=S.APPROVED)
    sell_daily(product, today() - timedelta(days=70), 70, gmv=100.0, orders=2)
    peers(MIN_PEERS)
    db.session.commit()
    section = client.get("/growth/").text.split('id="benchmarks"', 1)[1].split("</section>")[0]
    assert "5 other stores" in section and "Median" in section
    assert "Peer" not in section  # no store is named
    assert "Too few stores" not in section


def test_too_few_peers_show_nothing_that_could_be_one_of_them(client, auth):
    auth.as_merchant(status=S.APPROVED, category="Garden")
    peers(MIN_PEERS - 1)
    db.session.commit()
    section = client.get("/growth/").text.split('id="benchmarks"', 1)[1].split("</section>")[0]
    assert "Too few stores sell in your category" in section
    assert "Median" not in section and "4.0%" not in section


def test_the_business_page_s_statements_do_not_grow_with_peers(client, auth):
    auth.as_merchant(status=S.APPROVED, category="Garden")
    peers(MIN_PEERS)
    db.session.commit()
    client.get("/growth/")  # the process reads the category tree once, then keeps it
    few = statements_for(client, "/growth/")
    peers(10, start=MIN_PEERS + 1)
    db.session.commit()
    many = statements_for(client, "/growth/")
    assert many == few, f"{few} statements with {MIN_PEERS} peers, {many} with 15"
