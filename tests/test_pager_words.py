"""A list in name order paged with “← Newer / Older →” (更早 →): a planner paging the
platform run's shares from A to Z was told the next page held older stores, and the last of
4,000 pages was 3,999 clicks away. Such lists say next and previous and offer the first and
last pages; lists in time order keep newer and older."""

import re

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.notifications.services import notify
from tests import factories

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def pager(page: str) -> str:
    return re.search(r'<nav class="pager".*?</nav>', page, re.S).group(0)


def test_a_list_in_name_order_says_next_and_previous_and_offers_first_and_last(client, auth):
    auth.as_role(Role.PLANNER)
    for n in range(80):  # four pages of 25
        factories.make_placement(code=f"slot_{n:02d}", name=f"Slot {n:02d}")
    db.session.commit()
    first = pager(client.get("/budget/placements").text)
    assert "Next page →" in first and "Older" not in first and "Newer" not in first
    assert 'href="/budget/placements?page=4" rel="last"' in first, "the last page, one click"
    middle = pager(client.get("/budget/placements?page=3").text)
    assert "← Previous page" in middle and 'href="/budget/placements?page=1" rel="first"' in middle
    last = pager(client.get("/budget/placements?page=4").text)
    assert 'rel="next"' not in last and 'rel="last"' not in last
    chinese = pager(client.get("/budget/placements?page=2", headers=ZH).text)
    assert "下一页" in chinese and "上一页" in chinese and "更早" not in chinese


def test_a_list_in_time_order_still_pages_to_older_rows(client, auth):
    me = auth.as_role(Role.PLANNER)
    for n in range(30):
        notify(me, f"News {n}", "body")
    db.session.commit()
    page = pager(client.get("/inbox/").text)
    assert "Older →" in page and 'rel="last"' not in page
