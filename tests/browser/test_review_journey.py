"""A reviewer sends a listing back; the merchant reads why, fixes it; the reviewer approves."""

from playwright.sync_api import expect

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_send_back_fix_resubmit_approve(browser, live_server):
    _, store = factories.make_merchant(
        email="oak@example.com", store_name="Oak & Iron", status=ReviewStatus.APPROVED
    )
    listing = factories.make_product(
        store,
        title="BEST skillet EVER",
        status=ReviewStatus.SUBMITTED,
        category="Home & Kitchen",
        description="Cast iron.",
        submitted_at=factories.utcnow(),
    )
    factories.make_image(listing)
    factories.make_user(Role.REVIEWER, email="rita@example.com")
    db.session.commit()
    reviewer_context = browser.new_context(base_url=live_server)
    merchant_context = browser.new_context(base_url=live_server)
    reviewer, shop = reviewer_context.new_page(), merchant_context.new_page()
    for page in (reviewer, shop):
        page.set_default_timeout(10_000)

    # the reviewer sends the listing back with a reason
    log_in(reviewer, "rita@example.com")
    expect(reviewer).to_have_url("/review/")
    reviewer.get_by_role("link", name="BEST skillet EVER").click()
    reviewer.get_by_label("Request changes").check()
    reviewer.get_by_label("Title misleading or promotional").check()
    reviewer.get_by_label("Note to the merchant").fill("Take BEST and EVER out of the title.")
    reviewer.get_by_role("button", name="Record decision").click()
    expect(reviewer.get_by_text("the merchant has been told")).to_be_visible()

    # the merchant sees why, in the checklist and the inbox
    log_in(shop, "oak@example.com")
    step = shop.locator('[data-step="first_product_live"]')
    expect(step.locator(".step-state")).to_have_text("Sent back")
    expect(step).to_contain_text("Title misleading or promotional")
    expect(step).to_contain_text("Take BEST and EVER out of the title.")
    shop.get_by_role("link", name="Inbox 1").click()
    shop.get_by_role("link", name="Listing “BEST skillet EVER” sent back for changes").click()
    expect(shop.locator(".mail-body")).to_contain_text("Reasons: Title misleading or promotional.")

    # fixes and resubmits
    shop.get_by_role("link", name="Open it").click()
    shop.get_by_role("link", name="Edit").click()
    shop.get_by_label("Title").fill("Cast iron skillet 26 cm, pre-seasoned")
    shop.get_by_role("button", name="Save").click()
    shop.get_by_role("button", name="Submit for review").click()
    expect(shop.get_by_text("Submitted for review.")).to_be_visible()

    # the reviewer sees what changed, approves inline from the queue
    reviewer.goto("/review/")
    row = reviewer.locator("tr", has_text="Cast iron skillet 26 cm")
    row.get_by_role("link", name="Cast iron skillet 26 cm, pre-seasoned").click()
    expect(reviewer.get_by_text("Changed since the last decision")).to_be_visible()
    expect(reviewer.locator(".history").first).to_contain_text("Title misleading or promotional")
    reviewer.goto("/review/")
    reviewer.locator("tr", has_text="Cast iron skillet 26 cm").get_by_role(
        "button", name="Approve"
    ).click()
    expect(reviewer.locator("tr.decided")).to_contain_text("Approved")
    # the row keeps what it showed; the counters above the queue follow
    expect(reviewer.locator("tr.decided")).to_contain_text("Oak & Iron")
    expect(reviewer.locator("#queue-counts")).to_contain_text("0 new listings waiting")

    # the audit trail tells the whole story
    reviewer.locator("tr.decided").get_by_role("link").click()
    trail = reviewer.locator("#audit-trail")
    for step_text in (
        "approve submitted → approved",
        "submit changes requested → submitted",
        "edit",
        "request changes submitted → changes requested",
    ):
        expect(trail).to_contain_text(step_text)

    shop.goto("/onboarding")
    expect(shop.locator('[data-step="first_product_live"] .step-state')).to_have_text("Done")
    reviewer_context.close()
    merchant_context.close()


def test_a_row_decided_by_someone_else_meanwhile_says_so_when_approved(browser, live_server):
    """Two reviewers have the queue open; the second to approve the same row was told nothing
    (htmx kept the page as it was on the 409): the row now says it was already decided."""
    _, store = factories.make_merchant(store_name="Harbour Teas", status=ReviewStatus.SUBMITTED)
    factories.make_document(store, verdict="accepted")  # judged: approvable from the queue
    factories.make_user(Role.REVIEWER, email="rita@example.com")
    factories.make_user(Role.REVIEWER, email="sam@example.com")
    db.session.commit()
    pages = []
    for email in ("rita@example.com", "sam@example.com"):
        page = browser.new_context(base_url=live_server).new_page()
        page.set_default_timeout(10_000)
        log_in(page, email)
        expect(page).to_have_url("/review/")
        pages.append(page)
    first, second = pages
    first.locator("tr", has_text="Harbour Teas").get_by_role("button", name="Approve").click()
    expect(first.locator("tr", has_text="Harbour Teas")).to_contain_text("Approved.")
    late = second.locator("tr", has_text="Harbour Teas")
    late.get_by_role("button", name="Approve").click()
    expect(late).to_contain_text("Not recorded")
    expect(late).to_contain_text("already approved")
    for page in pages:
        page.context.close()
