"""The fast desk: a decision lands on the next submission of the same list, each page links
its neighbours, and every waiting submission shows the time left against its target."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.review_desk.targets import deadline
from merchant_portal.timeutil import utcnow
from merchant_portal.workflow.reviewable import ReviewStatus as S

from .. import factories


def listings(count: int, hours_ago: int = 5):
    _, seller = factories.make_merchant(store_name="Oak & Iron", status=S.APPROVED)
    now = utcnow()
    made = [
        factories.make_product(seller, title=f"Board {i}", status=S.SUBMITTED,
                               submitted_at=now - timedelta(hours=hours_ago, minutes=count - i))
        for i in range(count)
    ]  # fmt: skip
    db.session.commit()
    return made


def approve(client, product, query=""):
    return client.post(f"/review/product/{product.id}/decide{query}",
                       data={"decision": "approve", "seen": "submitted"})  # fmt: skip


def test_a_decision_lands_on_the_next_of_the_same_list(client, auth):
    first, second, third = listings(3)
    # an older store application is outside the list the reviewer filtered
    factories.make_merchant(store_name="Harbour Teas", status=S.SUBMITTED,
                            submitted_at=utcnow() - timedelta(days=3))  # fmt: skip
    db.session.commit()
    auth.as_role(Role.REVIEWER)
    queue = client.get("/review/?kind=product").text
    link = re.search(rf'href="(/review/product/{first.id}\?q=[^"]+)"', queue).group(1)
    assert parse_qs(urlsplit(link.replace("&amp;", "&")).query)["q"] == ["kind=product"]
    page = client.get(link.replace("&amp;", "&")).text
    assert f'/review/product/{second.id}?q=kind%3Dproduct" rel="next"' in page

    moved = approve(client, first, "?q=kind%3Dproduct")
    assert moved.status_code == 302
    assert moved.headers["Location"] == f"/review/product/{second.id}?q=kind%3Dproduct"
    approve(client, second, "?q=kind%3Dproduct")
    last = approve(client, third, "?q=kind%3Dproduct")
    # the list is empty: back to it, filtered as it was, told so
    assert last.headers["Location"] == "/review/?kind=product"
    assert "Nothing else waits in this list." in client.get(last.headers["Location"]).text


def test_without_a_filter_the_next_is_the_oldest_waiting_of_any_kind(client, auth):
    first, second = listings(2)
    auth.as_role(Role.REVIEWER)
    assert approve(client, second).headers["Location"] == f"/review/product/{first.id}"


def test_each_page_links_its_previous_and_next(client, auth):
    first, second, third = listings(3)
    auth.as_role(Role.REVIEWER)
    page = client.get(f"/review/product/{second.id}").text
    assert f'href="/review/product/{first.id}" rel="prev"' in page
    assert f'href="/review/product/{third.id}" rel="next"' in page
    first_page = client.get(f"/review/product/{first.id}").text
    assert 'rel="prev"' not in first_page


def test_waiting_rows_are_coloured_by_the_time_left(client, auth):
    (fresh,) = listings(1, hours_ago=1)
    (late,) = listings(1, hours_ago=30)
    (close,) = listings(1, hours_ago=20)
    auth.as_role(Role.REVIEWER)
    queue = client.get("/review/").text

    def row(product):
        return re.search(rf'<tr id="row-product-{product.id}"[^>]*>.*?</tr>', queue, re.S).group(0)

    assert "deadline-on_time" in row(fresh) and "22 h left" in row(fresh)
    assert "deadline-due_soon" in row(close) and "3 h left" in row(close)
    assert "deadline-overdue" in row(late) and "6 h over target" in row(late)
    page = client.get(f"/review/product/{late.id}").text
    assert "6 h over target" in page and "target 24 h" in page


def test_targets_per_kind():
    now = utcnow()
    assert deadline("product_change", now - timedelta(hours=10), now).state == "due_soon"
    assert deadline("store", now - timedelta(hours=30), now).state == "on_time"
    assert deadline("store", now - timedelta(days=5), now).words == "3 days over target"
    assert deadline("unknown", now, now) is None and deadline("store", None, now) is None


def test_a_hostile_list_in_the_address_is_refused_or_ignored(client, auth):
    (only,) = listings(1)
    auth.as_role(Role.REVIEWER)
    for q in ["kind=nonsense&status=%00", "%" * 500, "assignee=' OR 1=1 --"]:
        assert client.get(f"/review/product/{only.id}", query_string={"q": q}).status_code == 200
    # as the list itself answers a number of days no calendar holds
    too_far = {"q": "older_than_days=99999999999999999999"}
    assert client.get(f"/review/product/{only.id}", query_string=too_far).status_code == 400


def test_the_shortcuts_sheet_and_script_are_on_both_pages(client, auth):
    (only,) = listings(1)
    auth.as_role(Role.REVIEWER)
    for path in ("/review/", f"/review/product/{only.id}"):
        page = client.get(path).text
        assert 'id="keys-help"' in page and "js/review_keys.js" in page
        assert "<script>" not in page  # the CSP allows no inline script
