"""A planner plans a merchant's ad budget, learns from results, re-plans; the merchant sees it."""

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


def test_plan_diagnose_learn_replan(browser, live_server, tmp_path):
    factories.make_merchant(
        email="oak@example.com", store_name="Oak & Iron", status=ReviewStatus.APPROVED
    )
    factories.make_placement("search_top", name="Search results, top", half_spend=3000)
    factories.make_user(Role.PLANNER, email="pat@example.com")
    db.session.commit()
    results_file = tmp_path / "results.csv"
    results_file.write_text(
        "placement,period_start,period_end,spend,impressions,clicks,conversions,revenue\n"
        "search_top,2026-11-01,2026-11-14,1500,0,1800,30,1650\n"
    )
    planner_context = browser.new_context(base_url=live_server)
    merchant_context = browser.new_context(base_url=live_server)
    planner, shop = planner_context.new_page(), merchant_context.new_page()
    for page in (planner, shop):
        page.set_default_timeout(15_000)

    # a new placement, with a bad conversion rate first
    log_in(planner, "pat@example.com")
    planner.goto("/budget/placements/new")
    planner.get_by_label("Code").fill("feed")
    planner.get_by_label("Name", exact=True).fill("Recommendation feed")
    planner.get_by_label("Channel").fill("feed")
    planner.get_by_label("Pricing").select_option("cpm")
    planner.get_by_label("Price (per click").fill("12")
    planner.get_by_label("Prior click-through rate").fill("0.012")
    planner.get_by_label("Prior conversion rate").fill("3")
    planner.get_by_label("Prior average order value").fill("55")
    planner.get_by_role("button", name="Save placement").click()
    expect(planner.locator("#prior_cvr-errors")).to_contain_text(
        "Enter a conversion rate from 0 to 1, like 0.03."
    )
    planner.get_by_label("Prior conversion rate").fill("0.03")
    planner.get_by_role("button", name="Save placement").click()
    expect(planner.get_by_text("Placement “Recommendation feed” saved.")).to_be_visible()

    # a plan for the merchant: chart and what limits it
    planner.goto("/budget/plans")
    planner.get_by_placeholder("store name contains").fill("Oak")
    planner.get_by_role("button", name="Find").click()
    planner.get_by_role("link", name="Plan for Oak & Iron →").click()
    planner.get_by_label("Budget", exact=True).fill("5000")
    planner.get_by_role("button", name="Run the plan").click()
    expect(planner.get_by_text("Plan ready.")).to_be_visible()
    expect(planner.locator("svg.chart").first).to_be_visible()
    expect(planner.locator("#binding")).to_contain_text("The whole budget is used")
    plan_url = planner.url

    # infeasible: the diagnosis sits next to the ROAS floor
    planner.go_back()
    planner.get_by_label("Budget", exact=True).fill("5000")
    planner.get_by_label("Spend the whole budget").check()
    planner.get_by_label("ROAS floor").fill("9")
    planner.get_by_role("button", name="Run the plan").click()
    expect(planner.locator("#diagnosis")).to_contain_text("This plan cannot be met as asked")
    expect(planner.locator("#min_roas-errors")).to_contain_text("lower the “ROAS floor” to")

    # results come back; re-plan from them
    planner.goto(plan_url)
    planner.get_by_role("link", name="This plan against its results").click()
    expect(planner.locator("#compared-plan")).to_contain_text("plan #")
    planner.get_by_label("Results file (.xlsx or CSV)").set_input_files(str(results_file))
    planner.get_by_role("button", name="Check and import").click()
    expect(planner.get_by_text("Imported 1 result.")).to_be_visible()
    expect(planner.locator("#estimates")).to_contain_text("1,800 clicks, 30 orders")
    planner.get_by_role("button", name="from these results").click()
    expect(planner.get_by_text("Re-planned from the results.")).to_be_visible()

    # the merchant sees the new plan
    log_in(shop, "oak@example.com")
    shop.get_by_role("link", name="Ad plans").click()
    expect(shop.locator("tbody tr")).to_have_count(2)
    expect(shop.locator("tbody tr").first).to_contain_text("Current recommendation")
    shop.locator("tbody tr").first.get_by_role("link").click()
    expect(shop.locator("#allocation")).to_contain_text("Search results, top")
    planner_context.close()
    merchant_context.close()
