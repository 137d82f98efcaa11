"""The demo's declining merchant shows at risk in its manager's book; the manager sends a recall
message; the merchant reads it and finds where shoppers' demand is growing."""

import re

from playwright.sync_api import expect

from merchant_portal.demo import DEMO_PASSWORD, seed_demo
from merchant_portal.extensions import db


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_declining_merchant_recalled_reads_message_and_sees_suggestion(browser, live_server):
    seed_demo()
    db.session.commit()
    manager_context = browser.new_context(base_url=live_server)
    merchant_context = browser.new_context(base_url=live_server)
    manager, shop = manager_context.new_page(), merchant_context.new_page()
    for page in (manager, shop):
        page.set_default_timeout(15_000)

    # the account manager's book: the declining merchant is at risk, and says why
    log_in(manager, "reviewer@example.com")
    manager.get_by_role("link", name="Book", exact=True).click()
    row = manager.locator("#book tr", has_text="Silk Road Scarves")
    expect(row.locator(".badge")).to_have_text("At risk")
    expect(row).to_contain_text(re.compile(r"GMV down \d+% over the last 4 weeks"))
    expect(manager.locator("#book tr", has_text="Lantern Toys").locator(".badge")).to_have_text(
        "Dormant"
    )

    # the manager sends the template message, with a note
    row.get_by_role("link", name="Act").click()
    manager.get_by_label("Send a message").check()
    manager.get_by_label("Message", exact=True).select_option(
        label="Your sales have slowed: let's turn it around"
    )
    manager.get_by_label("Note").fill("Garden is booming: shall we talk about a planter line?")
    manager.get_by_role("button", name="Record").click()
    expect(manager.get_by_text("Message sent to the merchant's inbox and mail")).to_be_visible()
    expect(manager.locator(".history")).to_contain_text("Message sent")

    # the merchant reads it, opens the business page and sees the category suggestion
    log_in(shop, "declining.merchant@example.com")
    shop.get_by_role("link", name="Inbox 1").click()
    shop.get_by_role("link", name="Your sales have slowed: let's turn it around").click()
    expect(shop.locator(".mail-body")).to_contain_text("GMV has been falling")
    expect(shop.locator(".mail-body")).to_contain_text("planter line")
    shop.get_by_role("link", name="Open it").click()
    expect(shop).to_have_url(re.compile(r"/growth/$"))
    expect(shop.locator("#stage .badge")).to_have_text("At risk")
    expect(shop.locator("#suggestions")).to_contain_text(
        re.compile(r"Garden: sales up \d+% in 8 weeks, 3 live listings")
    )
    assert shop.locator("svg.chart").count() == 4


def test_the_business_page_shows_every_column_without_scrolling_a_card(page):
    """The ad return table sat in the narrow column and its last column (the return itself)
    was cut off, to be scrolled to; a column is at least as wide as what it holds."""
    seed_demo()
    db.session.commit()
    log_in(page, "merchant@example.com")
    page.goto("/growth/")
    expect(page.get_by_role("heading", name="Ad return")).to_be_visible()
    cut = page.evaluate(
        """() => [...document.querySelectorAll('.card')]
            .filter(card => card.scrollWidth > card.clientWidth + 1)
            .map(card => card.querySelector('h2')?.innerText)"""
    )
    assert cut == []
    for width in (1280, 1100, 900):  # where both columns do not fit, they stack
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
