"""What a planner and a merchant read of a platform run: what binds, in words and with clearing
prices; which placements were left out and why; the gap; each recommendation beside the store's
own plan, with each difference explained; a share that spends nothing is not sent as a plan."""

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.budget.models import BudgetPlan, PlatformRun
from merchant_portal.budget.platform.publish import tell_batch
from merchant_portal.budget.platform.request import platform_request
from merchant_portal.budget.platform.store import store_shares
from merchant_portal.extensions import db
from merchant_portal.notifications.models import Notification
from merchant_portal.onboarding.store.models import Store
from optimizer.platform.planning import platform_plan
from optimizer.platform.validation import parse_platform_request

from .. import factories
from .marketplace import (
    catalogue,
    own_plan,
    search_results,
    shop,
    text,
    two_stores_share_scarce_search,
)
from .test_platform_run import publish, start_run, wait_for


def row(html: str, code: str) -> str:
    match = re.search(rf'<tr data-placement="{code}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {code} beside the own plan"
    return text(match.group(1))


def run_as_planner(client, auth) -> PlatformRun:
    planner = db.session.scalar(select(User).where(User.role == Role.PLANNER))
    auth.login(planner.email)
    run = wait_for(start_run(client))
    assert run.job.status == "succeeded", run.job.error or run.job.message_text
    publish(client, run.id)
    db.session.expire_all()
    return run


def merchants_notified():
    """Who of the merchants was told (the planner is told too, when the run's job ends)."""
    return (
        select(Notification.user_id)
        .join(User, User.id == Notification.user_id)
        .where(User.role == Role.MERCHANT)
    )


def recommendation(run: PlatformRun, store) -> BudgetPlan:
    return db.session.scalar(
        select(BudgetPlan).where(
            BudgetPlan.platform_run_id == run.id, BudgetPlan.store_id == store.id
        )
    )


def test_the_run_says_what_binds_and_what_was_left_out(client, auth):
    two_stores_share_scarce_search(factories.make_user(Role.PLANNER))
    run = run_as_planner(client, auth)
    page = text(client.get(f"/budget/platform/{run.id}").text)
    assert (
        "Search results, top is sold out: all 2,000 clicks are taken. It clears at CN¥1.68 of "
        "revenue per click: only spend with a marginal ROAS of at least 2.10 there gets any"
    ) in page
    assert "2 merchants of 2 spend their whole budget." in page
    assert "Home page banner left out: sold in whole slots" in page
    assert "Recommendation feed" in page and "inventory left over" in page
    assert "Nothing binds" not in page and "No placement sells out" not in page
    birch = db.session.scalar(select(Store).where(Store.name == "Birch Goods"))
    html = client.get(f"/budget/plans/{recommendation(run, birch).id}").text
    assert (
        "The same spend; expected rates differ: conversion rate 5.00% in the own plan, 9.76% in "
        "the platform run."
    ) in row(html, "search_top"), "Birch's results came back after its own plan"


def test_a_recommendation_sits_beside_the_store_s_own_plan(client, auth):
    ash, birch = two_stores_share_scarce_search(factories.make_user(Role.PLANNER))
    run = run_as_planner(client, auth)
    ash_share = recommendation(run, ash)
    spend = {a["id"]: a["spend"] for a in ash_share.result["allocations"]}
    assert spend == pytest.approx({"search_top": 100.0, "feed": 900.0}, abs=0.01)

    auth.logout()
    auth.login("ash@example.com")
    html = client.get(f"/budget/plans/{ash_share.id}").text
    page = text(html)
    assert "Beside the store's own plan" in page
    assert "The whole budget of CN¥1,000.00 is spent." in page
    assert "Nothing binds" not in page
    search = row(html, "search_top")
    assert "CN¥1,000.00 CN¥100.00 -CN¥900.00" in search
    assert (
        "Shared inventory is sold out: other merchants' spend takes it at a clearing price of "
        "CN¥1.68 per click"
    ) in search
    feed = row(html, "feed")
    assert "CN¥0.00 CN¥900.00 +CN¥900.00" in feed
    assert "It takes the budget that sold-out Search results, top could not" in feed
    banner = row(html, "home_banner")
    assert "CN¥0.00 CN¥0.00 CN¥0.00 Not in the platform plan: sold in whole slots" in banner
    note = db.session.scalar(
        select(Notification).where(Notification.link.contains(str(ash_share.id)))
    )
    assert note is not None and "CN¥1,000.00 a week of your CN¥1,000.00 weekly budget" in note.body

    # another store's recommendation stays out of reach
    birch_share = recommendation(run, birch)
    assert client.get(f"/budget/plans/{birch_share.id}").status_code == 404


def test_rates_learned_since_the_own_plan_are_named(client, auth):
    planner = factories.make_user(Role.PLANNER)
    catalogue(search_clicks=2000, slot=False)
    birch = shop("Birch Goods", "birch@example.com")
    own_plan(birch, planner, 3000)  # search first (3.75 per 1.00), then the feed
    search_results(birch, planner, orders=10)  # search turns out to pay 0.54: the feed is better
    db.session.commit()
    run = run_as_planner(client, auth)
    html = client.get(f"/budget/plans/{recommendation(run, birch).id}").text
    search = row(html, "search_top")
    assert "CN¥1,600.00 CN¥0.00 -CN¥1,600.00" in search
    assert (
        "Expected rates differ: conversion rate 5.00% in the own plan, 0.71% in the platform run"
    ) in search
    feed = row(html, "feed")
    assert "CN¥1,400.00 CN¥3,000.00 +CN¥1,600.00" in feed
    assert "It takes the budget that moved away from Search results, top." in feed
    assert "Expected rates differ" not in feed


def test_limits_only_the_own_plan_had_are_named(client, auth):
    planner = factories.make_user(Role.PLANNER)
    catalogue(search_clicks=None, slot=False)
    fir = shop("Fir Goods", "fir@example.com")
    own_plan(fir, planner, 1000, bounds={"search_top": (None, 400)}, spend_all=True)
    db.session.commit()
    run = run_as_planner(client, auth)
    html = client.get(f"/budget/plans/{recommendation(run, fir).id}").text
    assert (
        "The store's own plan had to spend the whole budget; the platform plan spends only what "
        "pays."
    ) in text(html)
    search = row(html, "search_top")
    assert "CN¥400.00 CN¥1,000.00 +CN¥600.00" in search
    assert (
        "The store's own plan held it at the maximum spend set there (CN¥400.00); the platform plan "
        "sets no per-placement bounds"
    ) in search
    feed = row(html, "feed")
    assert "CN¥600.00 CN¥0.00 -CN¥600.00 Its budget moved to Search results, top." in feed


def test_a_channel_share_only_the_own_plan_had_is_named_in_the_reader_s_words(client, auth):
    """The channel's code ("search") stood in the Chinese sentence: 把 search 渠道…"""
    planner = factories.make_user(Role.PLANNER)
    catalogue(search_clicks=None, slot=False)
    fir = shop("Fir Goods", "fir@example.com")
    own = own_plan(fir, planner, 1000, shares={"search": 30})
    assert "groups.search.max_share" in own.result["binding"]
    db.session.commit()
    run = run_as_planner(client, auth)
    zh = {"Accept-Language": "zh-CN,zh;q=0.9"}
    page = text(client.get(f"/budget/plans/{recommendation(run, fir).id}", headers=zh).text)
    assert "店铺自有方案把搜索渠道的花费占比上限设为 30%" in page
    assert "search 渠道" not in page


def test_a_share_that_spends_nothing_is_not_sent_as_a_plan(client, auth):
    planner = factories.make_user(Role.PLANNER)
    catalogue(search_clicks=None, slot=False)
    ash, cedar = shop("Ash Goods", "ash@example.com"), shop("Cedar Goods", "cedar@example.com")
    own_plan(ash, planner, 1000)
    own_plan(cedar, planner, 1000, min_roas=5)
    db.session.commit()
    run = run_as_planner(client, auth)
    page = text(client.get(f"/budget/platform/{run.id}").text)
    assert (
        "1 merchant is recommended to spend nothing and was not notified: 1 with a ROAS floor "
        "above what any placement returns."
    ) in page
    assert "Cedar Goods nothing to spend: not notified" in page
    assert "Ash Goods nothing to spend" not in page
    told = db.session.scalars(merchants_notified()).all()
    assert told == [ash.merchant_id]

    auth.logout()
    auth.login("cedar@example.com")
    mine = text(client.get("/budget/my-plans").text)
    assert "nothing recommended" in mine
    assert mine.count("New") == 1, "only the store's own plan is new to it"
    share = text(client.get(f"/budget/plans/{recommendation(run, cedar).id}").text)
    assert (
        "Nothing is recommended for this store: its ROAS floor of 5 is above what any placement "
        "returns, at best 3.75 on the first unit spent."
    ) in share


def test_a_store_alone_gets_its_own_plan_when_inventory_and_floor_bind(client, auth):
    planner = factories.make_user(Role.PLANNER)
    catalogue(search_clicks=1000, slot=False)
    elm = shop("Elm Goods", "elm@example.com")
    own = own_plan(elm, planner, 2000, min_roas=2.5)
    db.session.commit()
    assert own.result["binding"], "the own plan is limited: search sells out, the floor holds"
    run = run_as_planner(client, auth)
    page = text(client.get(f"/budget/platform/{run.id}").text)
    assert "1 merchant of the 1 with a ROAS floor is held at it" in page
    assert "Search results, top is sold out" in page
    assert "whole budget" not in page, "1,976.47 of 2,000 is spent: the floor stops it first"
    html = client.get(f"/budget/plans/{recommendation(run, elm).id}").text
    share = text(html)
    assert "Placement by placement the spend is the store's own plan's" in share
    assert "The ROAS floor of 2.5 holds exactly" in share
    assert "About the same." in row(html, "search_top") and "About the same." in row(html, "feed")
    assert "Nothing binds" not in share


def test_the_request_takes_saturation_and_learned_rates_as_the_contract_says(client, auth):
    planner = factories.make_user(Role.PLANNER)
    catalogue(search_clicks=200_000, saturated=True)
    birch = shop("Birch Goods", "birch@example.com")
    own_plan(birch, planner, 3000)
    search_results(birch, planner, orders=200)
    db.session.commit()
    request, stores = platform_request("revenue")
    search, feed = request["placements"]
    assert search == {
        "id": "search_top", "pricing": "cpc", "price": 0.8, "capacity": 200_000,
        "saturation": {"half_spend": 3000.0},
    }  # fmt: skip
    assert feed["saturation"] == {"half_spend": 4000.0} and feed["ctr"] == 0.012
    assert stores.left_out.keys() == {"home_banner"}
    (merchant,) = request["merchants"]
    assert merchant["rates"]["search_top"]["cvr"] == pytest.approx(205 / 2100)
    assert merchant["rates"]["feed"] == {"cvr": 0.03, "aov": 55.0}


def test_saturated_platform_plan_agrees_with_the_store_s_own_plan(client, auth):
    planner = factories.make_user(Role.PLANNER)
    catalogue(search_clicks=200_000, saturated=True, slot=False)
    oak = shop("Oak Goods", "oak@example.com")
    own = own_plan(oak, planner, 8000)
    db.session.commit()
    run = run_as_planner(client, auth)
    page = text(client.get(f"/budget/platform/{run.id}").text)
    assert "Proven the best possible" in page or "of the best possible:" in page
    assert "sold out" not in page
    share = recommendation(run, oak)
    html = client.get(f"/budget/plans/{share.id}").text
    assert "Placement by placement the spend is the store's own plan's" in text(html)
    mine = {a["id"]: a["spend"] for a in share.result["allocations"]}
    theirs = {a["id"]: a["spend"] for a in own.result["allocations"]}
    assert mine["search_top"] > 0 and mine["feed"] > 0, "saturation spreads the budget"
    assert share.result["totals"]["revenue"] == pytest.approx(
        own.result["totals"]["revenue"], rel=0.005
    )
    assert mine == pytest.approx(theirs, abs=0.02 * 8000)


def test_the_run_shows_its_proven_gap(client, auth):
    two_stores_share_scarce_search(factories.make_user(Role.PLANNER))
    run = run_as_planner(client, auth)
    assert run.summary["gap"] <= 0.001 and run.summary["bound"] >= run.summary["objective_value"]
    page = text(client.get(f"/budget/platform/{run.id}").text)
    assert "Proven the best possible" in page or "of the best possible:" in page
    assert "not proven" not in page


def test_re_planning_after_a_run_starts_from_the_store_s_own_plan(client, auth):
    ash, _ = two_stores_share_scarce_search(factories.make_user(Role.PLANNER))
    run = run_as_planner(client, auth)
    own = db.session.scalar(
        select(BudgetPlan).where(BudgetPlan.store_id == ash.id, BudgetPlan.kind == "planner")
    )
    factories.make_result(ash, own.created_by_id)
    db.session.commit()
    response = client.post(f"/budget/stores/{ash.id}/replan", data={"cautious": "0"})
    assert response.status_code == 302
    replanned = db.session.scalar(
        select(BudgetPlan).where(BudgetPlan.store_id == ash.id, BudgetPlan.kind == "replan")
    )
    assert replanned.replanned_from_id == own.id
    assert replanned.id > recommendation(run, ash).id


def test_the_results_page_after_a_run_offers_the_own_plan_and_says_how_the_share_is_re_planned(
    client, auth
):
    ash, _ = two_stores_share_scarce_search(factories.make_user(Role.PLANNER))
    run = run_as_planner(client, auth)
    share = recommendation(run, ash)
    own = db.session.scalar(
        select(BudgetPlan).where(BudgetPlan.store_id == ash.id, BudgetPlan.kind == "planner")
    )
    factories.make_result(ash, own.created_by_id)
    db.session.commit()
    page = client.get(f"/budget/stores/{ash.id}/results").text
    said = text(page)
    assert f"Plan #{share.id} is this store's share of a platform plan" in said
    assert 'href="/budget/platform"' in page
    assert f"Re-plan plan #{own.id}, the store's own, from these results" in said
    form = re.search(r"<form[^>]*replan[^>]*>(.*?)</form>", page, re.S).group(1)
    assert f'name="plan_id" value="{own.id}"' in form
    response = client.post(
        f"/budget/stores/{ash.id}/replan",
        data={"plan_id": str(own.id), "form_key": re.search(r'name="form_key" value="([^"]+)"',
                                                            form).group(1)},
    )  # fmt: skip
    assert response.status_code == 302
    replanned = db.session.scalar(
        select(BudgetPlan).where(BudgetPlan.store_id == ash.id, BudgetPlan.kind == "replan")
    )
    assert replanned.replanned_from_id == own.id


def test_a_run_published_again_the_same_day_counts_those_told_not_those_with_spend(client, auth):
    # Found by a user pass: the second run of the day said "2 merchants notified" where its
    # job had told none (each merchant hears of a platform plan once a day)
    two_stores_share_scarce_search(factories.make_user(Role.PLANNER))
    first = run_as_planner(client, auth)
    told_first = text(client.get(f"/budget/platform/{first.id}").text)
    assert "2 merchants notified" in told_first
    second = run_as_planner(client, auth)
    told_second = text(client.get(f"/budget/platform/{second.id}").text)
    assert "0 merchants notified" in told_second, told_second


def test_storing_a_run_again_adds_no_plan_and_tells_nobody_twice(client, auth, app):
    ash, _ = two_stores_share_scarce_search(factories.make_user(Role.PLANNER))
    run = run_as_planner(client, auth)
    plans_before = db.session.scalar(select(func.count()).select_from(BudgetPlan))
    request, stores = platform_request("revenue")
    answer = platform_plan(parse_platform_request(request)).to_json()
    with app.test_request_context():  # as a retried run would: stored again, told again
        store_shares(run, answer, stores)
        tell_batch(run, 0)
        db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(BudgetPlan)) == plans_before
    told = db.session.scalars(merchants_notified()).all()
    assert sorted(told) == sorted(entry.merchant_id for entry in stores.values())
    db.session.add(
        BudgetPlan(
            store_id=ash.id, created_by_id=run.created_by_id, kind="platform",
            objective="revenue", budget=1000, request={}, result={}, platform_run_id=run.id,
        )
    )  # fmt: skip
    with pytest.raises(IntegrityError):
        db.session.commit()


def test_a_conversions_run_prices_inventory_in_conversions(client, auth):
    two_stores_share_scarce_search(factories.make_user(Role.PLANNER))
    planner = db.session.scalar(select(User).where(User.role == Role.PLANNER))
    auth.login(planner.email)
    response = client.post("/budget/platform", data={"objective": "conversions"})
    run = wait_for(int(response.headers["Location"].rsplit("/", 1)[1]))
    assert run.job.status == "succeeded", run.job.error or run.job.message_text
    page = text(client.get(f"/budget/platform/{run.id}").text)
    # Ash is the marginal buyer: 0.0625 conversions per 1.00 on search against 0.03 on the feed
    assert (
        "It clears at 0.026 conversions per click: only spend with at least 0.0325 more "
        "conversions per 1.00 spent there gets any of it."
    ) in page


def test_a_store_outbid_on_the_only_inventory_that_pays_it_is_told_why(client, auth):
    planner = factories.make_user(Role.PLANNER)
    catalogue(search_clicks=1000, slot=False)
    birch, cedar = shop("Birch Goods", "birch@example.com"), shop("Cedar Goods", "cedar@e.com")
    own_plan(birch, planner, 1500)
    search_results(birch, planner, orders=200)  # search pays Birch 7.32 per 1.00
    # Cedar's floor of 3.5 lets it pair each 1.00 of search (3.75) with only 0.14 of feed
    # (1.65): 3.97 in all, less than the 5.67 search is worth to Birch over its feed
    own_plan(cedar, planner, 1000, min_roas=3.5)
    db.session.commit()
    run = run_as_planner(client, auth)
    page = text(client.get(f"/budget/platform/{run.id}").text)
    assert (
        "1 merchant is recommended to spend nothing and was not notified: 1 outbid on sold-out "
        "inventory by spend that returns at least as much."
    ) in page
    share = text(client.get(f"/budget/plans/{recommendation(run, cedar).id}").text)
    assert (
        "Nothing is recommended for this store: the inventory that would pay for it (Search "
        "results, top) is sold out to spend that returns at least as much per unit."
    ) in share
    assert db.session.scalars(merchants_notified()).all() == [birch.merchant_id]


def test_a_spend_within_the_tolerance_is_called_about_the_same_not_the_same(app):
    """ "花费相同" stood beside a difference of -¥68.72 that it explained."""
    from flask_babel import refresh

    from merchant_portal.budget.platform.compare import Row, _same_spend

    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        refresh()  # the test's app context outlives one request: forget its cached locale
        assert _same_spend(Row("search_top", "搜索", 1000.0, 931.28)) == (
            "花费大致相同（相差在预算的 2% 以内）"  # noqa: RUF001
        )
        assert _same_spend(Row("search_top", "搜索", 1000.0, 1000.004)) == "花费相同"
