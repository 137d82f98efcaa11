"""The planner's loop, as a planner clicks it: twelve weeks of results, a week corrected by
the form, a plan for the next four weeks, a platform run reviewed as a draft and published;
only then does the merchant hear of it."""

from datetime import date, timedelta

from playwright.sync_api import expect

from merchant_portal.access import Role
from merchant_portal.budget.plans.period import next_monday
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_budget_journey import log_in


def test_weeks_of_results_to_a_published_platform_plan(browser, live_server, tmp_path):
    _, store = factories.make_merchant(
        email="oak@example.com", store_name="Oak & Iron", status=ReviewStatus.APPROVED
    )
    factories.make_placement("search_top", name="Search results, top", half_spend=3000)
    factories.make_user(Role.PLANNER, email="pat@example.com")
    db.session.commit()
    first = date(2026, 9, 7)
    weeks = "".join(
        f"search_top,{first + timedelta(weeks=n)},500,0,600,{10 + n % 3},{450 + 20 * n}\n"
        for n in range(12)
    )
    results_file = tmp_path / "weeks.csv"
    results_file.write_text("placement,week,spend,impressions,clicks,conversions,revenue\n" + weeks)
    planner_context = browser.new_context(base_url=live_server)
    merchant_context = browser.new_context(base_url=live_server)
    planner, shop = planner_context.new_page(), merchant_context.new_page()
    for page in (planner, shop):
        page.set_default_timeout(60_000)  # the run works in the background on a shared machine

    log_in(planner, "pat@example.com")
    planner.goto(f"/budget/stores/{store.id}/results")
    planner.get_by_label("Results file (.xlsx or CSV)").set_input_files(str(results_file))
    planner.get_by_role("button", name="Check and import").click()
    expect(planner.get_by_text("Imported 12 results.")).to_be_visible()
    expect(planner.locator("#estimates")).to_contain_text("7,200 clicks")

    # the last week corrected by hand: replaced, not added
    planner.get_by_label("Placement").select_option("search_top")
    planner.get_by_label("Week (any day of it)").fill("2026-11-26")
    for label, value in (("Spend", "500"), ("Impressions", "0"), ("Clicks", "700"),
                         ("Conversions", "12"), ("Revenue", "700")):  # fmt: skip
        planner.get_by_label(label, exact=True).fill(value)
    planner.get_by_role("button", name="Record results").click()
    expect(planner.get_by_text("replaced the figures recorded on")).to_be_visible()
    expect(planner.locator("#estimates")).to_contain_text("7,300 clicks")

    # a plan for the next four weeks, on a budget for the whole period
    planner.goto(f"/budget/stores/{store.id}/plan")
    planner.get_by_label("First week (any day of it)").fill(next_monday().isoformat())
    planner.get_by_label("Number of weeks").fill("4")
    planner.get_by_label("Budget", exact=True).fill("4000")
    planner.get_by_label("The budget is").select_option("total")
    planner.get_by_role("button", name="Run the plan").click()
    expect(planner.get_by_text("Plan ready.")).to_be_visible()
    expect(planner.locator("#period")).to_contain_text("CN¥1,000.00 a week")

    # the platform run is a draft: reviewed, then published
    planner.get_by_role("link", name="Platform plan").first.click()
    planner.get_by_role("button", name="Run the platform plan").click()
    expect(planner.locator(".job-status h2")).to_have_text("Finished")
    show = planner.get_by_role("link", name="Show the results")
    if show.count():
        show.click()
    expect(planner.locator("#run-state")).to_contain_text("Draft")
    expect(planner.locator("#recommendations")).to_contain_text("Oak & Iron")

    log_in(shop, "oak@example.com")
    shop.goto("/inbox/")
    expect(shop.get_by_text("A new ad recommendation for your store")).to_have_count(0)

    planner.get_by_role("button", name="Publish: show merchants and tell them").click()
    expect(planner.locator(".job-status h2")).to_have_text("Finished")

    shop.reload()
    expect(shop.get_by_text("A new ad recommendation for your store").first).to_be_visible()
    planner_context.close()
    merchant_context.close()
