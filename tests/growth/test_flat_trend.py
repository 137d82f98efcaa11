"""A trend that rounds to nothing reads "0%", neither signed nor red: the book showed a red
"-0%" for a merchant whose sales fell by a fraction of a percent."""

from merchant_portal.access import Role
from merchant_portal.extensions import db

from .test_book import assign_to, merchant_with_sales


def test_a_fraction_of_a_percent_down_is_no_red_minus_zero(client, auth):
    manager = auth.as_role(Role.REVIEWER)
    _, store = merchant_with_sales("Steady Stores", 1000.0, 999.0)  # -0.1%
    assign_to(manager, store)
    db.session.commit()
    for path in ("/growth/book", "/growth/recall"):
        page = client.get(path).text
        assert "-0%" not in page and "+0%" not in page, path
    row = client.get("/growth/book").text.split(f'data-store="{store.id}"')[1].split("</tr>")[0]
    assert '<span class="change">0%</span>' in row


def test_a_merchants_business_page_shows_no_minus_zero(client, auth):
    merchant, _ = merchant_with_sales("Steady Stores", 1000.0, 999.0)
    db.session.commit()
    auth.login(merchant.email)
    page = client.get("/growth/").text
    assert "%" in page and "-0%" not in page and "+0%" not in page
