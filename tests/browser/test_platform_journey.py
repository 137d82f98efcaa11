"""A planner runs the platform plan and reads what it says: what binds, at what clearing price,
what was left out, and a store's recommendation beside that store's own plan."""

from playwright.sync_api import expect

from merchant_portal.access import Role

from .. import factories
from ..budget.marketplace import two_stores_share_scarce_search
from .test_budget_journey import log_in


def test_planner_reads_the_platform_run(page):
    two_stores_share_scarce_search(factories.make_user(Role.PLANNER, email="pat@example.com"))
    page.set_default_timeout(60_000)  # the run works in the background on a shared machine
    log_in(page, "pat@example.com")
    page.get_by_role("link", name="Platform plan").first.click()
    page.get_by_role("button", name="Run the platform plan").click()
    expect(page.locator(".job-status h2")).to_have_text("Finished")
    show = page.get_by_role("link", name="Show the results")
    if show.count():  # it finished while the page watched: the results are a click away
        show.click()  # (a run done before the page opened shows them at once)

    binding = page.locator("#binding")
    expect(binding).to_contain_text(
        "Search results, top is sold out: all 2,000 clicks are taken. It clears at CN¥1.68 of "
        "revenue per click"
    )
    expect(binding).to_contain_text("2 merchants of 2 spend their whole budget.")
    expect(binding).not_to_contain_text("Nothing binds")
    banner = page.locator("#placements tr", has_text="Home page banner")
    expect(banner).to_contain_text("left out: sold in whole slots")
    expect(page.locator("#quality")).to_be_visible()

    page.locator("#recommendations").get_by_role("link", name="Ash Goods").click()
    expect(page.locator("#binding")).to_contain_text("The whole budget of CN¥1,000.00 is spent.")
    comparison = page.locator("#comparison")
    expect(comparison.locator('tr[data-placement="search_top"]')).to_contain_text(
        "Shared inventory is sold out: other merchants' spend takes it at a clearing price of "
        "CN¥1.68 per click"
    )
    expect(comparison.locator('tr[data-placement="feed"]')).to_contain_text(
        "It takes the budget that sold-out Search results, top could not."
    )
