"""At phone width (390 px) the page never scrolls sideways, a wide table scrolls inside its
card, and the header's words stay whole (they wrapped one character a line)."""

import pytest

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_budget_journey import log_in

WIDTH = 390

# every word in the header (links, buttons, the address) on one line: a word broken one
# character a line makes its box several lines tall
BROKEN_HEADER_WORDS = """() => [...document.querySelectorAll(
    ".topbar a, .topbar button, .topbar .who")]
  .filter((el) => el.offsetParent !== null)
  .filter((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return tops.size > 1;
  })
  .map((el) => el.innerText.trim())"""

PAGE_SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth"


@pytest.mark.parametrize("language", ["en", "zh_Hans"])
def test_at_phone_width_nothing_scrolls_sideways_and_header_words_are_whole(page, language):
    page.set_viewport_size({"width": WIDTH, "height": 844})
    reviewer = factories.make_user(
        Role.REVIEWER, email="a.rather.long.reviewer.address@example.com"
    )
    reviewer.locale = language
    _, store = factories.make_merchant(
        store_name="Harbour Teas and Other Fine Things", status=ReviewStatus.SUBMITTED
    )
    factories.make_document(store)
    db.session.commit()
    log_in(page, reviewer.email)
    for path in ("/review/", f"/review/store/{store.id}", "/review/dashboard"):
        page.goto(path)
        assert page.evaluate(BROKEN_HEADER_WORDS) == [], path
        assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS), path
    page.goto("/review/")
    table = page.locator("table.queue")
    # the queue stays inside the screen; where its words make it wider than the phone (in
    # English), it scrolls within itself while the page does not
    assert table.evaluate("(t) => t.getBoundingClientRect().right <= window.innerWidth + 0.5")
    if language == "en":
        assert table.evaluate("(t) => t.scrollWidth > t.clientWidth")

    merchant, shop = factories.make_merchant(
        email="a.long.merchant.address@example.com", status=ReviewStatus.APPROVED
    )
    merchant.locale = language
    factories.make_product(shop, title="Cast iron skillet 26 cm, pre-seasoned")
    db.session.commit()
    page.context.clear_cookies()
    log_in(page, merchant.email)
    for path in ("/onboarding", "/products/", "/store/", "/activities/"):
        page.goto(path)
        assert page.evaluate(BROKEN_HEADER_WORDS) == [], path
        assert not page.evaluate(PAGE_SCROLLS_SIDEWAYS), path
    assert page.console_errors == []  # no inline style refused by the CSP
