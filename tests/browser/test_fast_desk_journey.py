"""A reviewer decides 20 listings with the keyboard, each decision landing on the next; the
clicks and page loads it takes are counted (the figures in the README come from here)."""

import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product
from merchant_portal.workflow.reviewable import ReviewStatus

from .desk_measure import Counter, log_in, twenty_listings


def test_a_reviewer_decides_20_listings_with_the_keyboard(page, capsys):
    listings = twenty_listings()
    log_in(page, "rita@example.com")
    desk = Counter(page)
    page.goto("/review/?kind=product")
    desk.loads = 1  # the list itself, however the count began
    page.locator("[data-keys-ready]").wait_for(state="attached")

    desk.press("?")  # the sheet says what the keys do
    expect(page.get_by_role("dialog")).to_contain_text("Approve, then go to the next one")
    desk.press("?")
    expect(page.get_by_role("dialog")).to_be_hidden()
    desk.actions = 0  # reading the sheet is not deciding

    desk.press("j")
    desk.press("o")
    expect(page).to_have_url(re.compile(rf"/review/product/{listings[0].id}\?q=kind%3Dproduct"))
    for listing in listings:
        expect(page.get_by_role("heading", level=2, name=listing.title)).to_be_visible()
        expect(page.locator(".deadline")).to_contain_text("h left")
        page.locator("[data-keys-ready]").wait_for(state="attached")
        desk.press("a")
        page.wait_for_load_state()
    expect(page.get_by_text("Nothing else waits in this list.")).to_be_visible()

    db.session.expire_all()
    approved = db.session.scalar(
        select(func.count()).select_from(Product).where(Product.status == ReviewStatus.APPROVED)
    )
    assert approved == 20
    with capsys.disabled():
        print(f"\n20 listings by keyboard: {desk.actions} key presses, {desk.loads} page loads")
    assert desk.loads == 22 and desk.actions == 22
    assert page.console_errors == []


def test_s_prepares_a_send_back_and_keys_stay_out_of_fields(page):
    listings = twenty_listings(2)
    log_in(page, "rita@example.com")
    page.goto(f"/review/product/{listings[0].id}")
    page.locator("[data-keys-ready]").wait_for(state="attached")
    page.keyboard.press("s")
    expect(page.get_by_role("radio", name="Request changes")).to_be_checked()
    expect(page.locator('input[name="reasons"]').first).to_be_focused()
    page.get_by_label("Note to the merchant").fill("a steady, sane note")  # 'a' and 's' typed
    expect(page.get_by_label("Note to the merchant")).to_have_value("a steady, sane note")
    expect(page).to_have_url(re.compile(rf"/review/product/{listings[0].id}$"))
    page.keyboard.press("Tab")  # out of the field... and j moves on
    page.locator("h1").click()
    page.keyboard.press("j")
    expect(page).to_have_url(re.compile(rf"/review/product/{listings[1].id}"))
    assert page.console_errors == []


def test_by_mouse_each_decision_also_lands_on_the_next(page, capsys):
    listings = twenty_listings()
    log_in(page, "rita@example.com")
    desk = Counter(page)
    page.goto("/review/?kind=product")
    desk.loads = 1
    desk.click(page.get_by_role("link", name=listings[0].title, exact=True))
    for listing in listings:
        expect(page.get_by_role("heading", level=2, name=listing.title)).to_be_visible()
        desk.click(page.get_by_role("radio", name="Approve"))
        desk.click(page.get_by_role("button", name="Record decision"))
        page.wait_for_load_state()
    expect(page.get_by_text("Nothing else waits in this list.")).to_be_visible()
    with capsys.disabled():
        print(f"\n20 listings by mouse: {desk.actions} clicks, {desk.loads} page loads")
    assert desk.loads == 22 and desk.actions == 41
