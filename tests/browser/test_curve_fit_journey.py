"""The planner's loop on learned curves, as a planner clicks it: twelve weeks of results, a
fit, its curves, accepting it, a cautious plan on them, a platform run on them, published."""

from datetime import date, timedelta

from playwright.sync_api import expect

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_budget_journey import log_in

SPENDS = [200, 600, 1500, 3000, 400, 2200, 900, 3500, 300, 1200, 2600, 800]


def test_results_to_a_fit_accepted_planned_and_published(browser, live_server, tmp_path):
    _, store = factories.make_merchant(
        email="oak@example.com", store_name="Oak & Iron", status=ReviewStatus.APPROVED
    )
    factories.make_placement("search_top", name="Search results, top", half_spend=5000)
    factories.make_user(Role.PLANNER, email="pat@example.com")
    db.session.commit()
    first = date(2026, 9, 7)
    rows = []
    for n, spend in enumerate(SPENDS):
        conversions = round(0.06 * 1500 * spend / (1500 + spend))
        rows.append(f"search_top,{first + timedelta(weeks=n)},{spend},0,{spend * 1.25:.0f},"
                    f"{conversions},{conversions * 60}\n")  # fmt: skip
    results_file = tmp_path / "weeks.csv"
    results_file.write_text(
        "placement,week,spend,impressions,clicks,conversions,revenue\n" + "".join(rows)
    )
    context = browser.new_context(base_url=live_server)
    planner = context.new_page()
    planner.set_default_timeout(120_000)  # the fit works in the background on a shared machine

    log_in(planner, "pat@example.com")
    planner.goto(f"/budget/stores/{store.id}/results")
    planner.get_by_label("Results file (.xlsx or CSV)").set_input_files(str(results_file))
    planner.get_by_role("button", name="Check and import").click()
    expect(planner.get_by_text("Imported 12 results.")).to_be_visible()

    planner.get_by_role("link", name="Curves").first.click()
    expect(planner.locator("#accepted-fit")).to_contain_text("No fit is accepted")
    planner.get_by_role("button", name="Fit the curves now").click()
    expect(planner.locator(".job-status h2")).to_have_text("Finished")
    expect(planner.locator(".run-message")).to_contain_text("Fit #1 is ready")
    planner.get_by_role("link", name="Show the fitted curves").click()  # straight to fit #1
    expect(planner.get_by_role("button", name="Accept fit #1")).to_be_visible()
    expect(planner.locator("#placements")).to_contain_text("carries into the next week")
    planner.get_by_role("link", name="Search results, top").click()
    expect(planner.locator("#store-curves .curve-week")).to_have_count(12)
    expect(planner.locator("#store-curves .curve-band")).to_have_count(1)
    planner.get_by_role("link", name="← Fit #1").click()
    planner.get_by_role("button", name="Accept fit #1").click()
    expect(planner.locator("#accepted-by")).to_contain_text("pat@example.com")

    planner.goto(f"/budget/stores/{store.id}/plan")
    planner.get_by_label("Budget", exact=True).fill("3000")
    planner.get_by_label("Fitted curves to plan on").select_option("lower_band")
    planner.get_by_role("button", name="Run the plan").click()
    expect(planner.get_by_text("Plan ready.")).to_be_visible()
    expect(planner.locator("#curves-used")).to_contain_text(
        "Curves: fit #1, cautious (lower band)."
    )
    expect(planner.locator("#store-curves svg")).to_have_count(1)

    planner.get_by_role("link", name="Platform plan").first.click()
    planner.get_by_role("button", name="Run the platform plan").click()
    expect(planner.locator(".job-status h2")).to_have_text("Finished")
    show = planner.get_by_role("link", name="Show the results")
    if show.count():
        show.click()
    expect(planner.locator("#curves-used")).to_contain_text("Curves: fit #1, central estimate.")
    planner.get_by_role("button", name="Publish: show merchants and tell them").click()
    expect(planner.locator(".job-status h2")).to_have_text("Finished")
    context.close()
