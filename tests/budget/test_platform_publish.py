"""A platform run is a draft until a planner publishes it: merchants see and hear nothing
before; publishing tells each merchant once, in their language; a second publish does
nothing; a merchant is told again only of a material change, and never twice in a day."""

import re
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select, update

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.auth.models import User
from merchant_portal.budget.models import AdBudget, BudgetPlan, PlatformRun
from merchant_portal.budget.plans.period import next_monday
from merchant_portal.budget.platform.publish import changed_materially
from merchant_portal.extensions import db
from merchant_portal.notifications.models import Notification

from .. import factories
from ..conftest import Auth
from ..imports.test_races import Request, together
from .marketplace import catalogue, own_plan, shop, text
from .test_platform_run import publish, start_run, wait_for


def told() -> list[tuple[int, str]]:
    db.session.expire_all()
    return db.session.execute(
        select(Notification.user_id, Notification.subject)
        .join(User, User.id == Notification.user_id)
        .where(User.role == Role.MERCHANT)
        .order_by(Notification.id)
    ).all()


def market(planner):
    """Ash plans its own budget; Birch, whose merchant reads Chinese, only set a monthly ad
    budget on its ads page; Cedar has neither and stays out."""
    catalogue(search_clicks=None, slot=False, saturated=True)
    ash, birch = shop("Ash Goods", "ash@example.com"), shop("Birch Goods", "birch@example.com")
    shop("Cedar Goods", "cedar@example.com")
    own_plan(ash, planner, 1000)
    db.session.get(User, birch.merchant_id).locale = "zh_Hans"
    db.session.commit()
    return ash, birch


def draft(client) -> PlatformRun:
    run = wait_for(start_run(client))
    assert run.job.status == "succeeded", run.job.error or run.job.message_text
    return run


def test_nobody_hears_of_a_draft_and_each_merchant_hears_once_after_publishing(client, auth):
    planner = factories.make_user(Role.PLANNER)
    ash, birch = market(planner)
    merchant = Auth(client)
    merchant.login("birch@example.com")
    saved = client.post("/budget/my-plans/ad-budget", data={"monthly": "8666.67"})
    assert saved.status_code == 302
    assert db.session.get(AdBudget, birch.id).monthly == Decimal("8666.67")

    merchant.logout()
    auth.login(planner.email)
    run = draft(client)
    assert run.state == "draft" and run.summary["merchants"] == 2, (
        "Ash by its plan, Birch by budget"
    )
    share = db.session.scalar(
        select(BudgetPlan).where(
            BudgetPlan.platform_run_id == run.id, BudgetPlan.store_id == birch.id
        )
    )
    assert share.budget == Decimal("2000.00"), "a month's 8,666.67 is 2,000.00 a week"
    page = text(client.get(f"/budget/platform/{run.id}").text)
    assert "Draft: merchants see nothing yet" in page
    assert "none yet" in page and "new" in page, "each store against its current recommendation"
    assert told() == []

    auth.logout()
    merchant.login("birch@example.com")
    assert client.get(f"/budget/plans/{share.id}").status_code == 404, "a draft is not shown"
    assert f"/budget/plans/{share.id}" not in client.get("/budget/my-plans").text

    merchant.logout()
    auth.login(planner.email)
    assert client.post(f"/budget/platform/{run.id}/publish").status_code == 302
    notices = told()
    assert sorted(user for user, _subject in notices) == sorted(
        [ash.merchant_id, birch.merchant_id]
    )
    chinese = dict(notices)[birch.merchant_id]
    assert chinese != "A new ad recommendation for your store", "Birch reads Chinese"
    bodies = dict(db.session.execute(select(Notification.user_id, Notification.body)).all())
    assert "每月广告预算" in bodies[birch.merchant_id], "Birch has no plan of its own"
    assert "与您自己的方案" not in bodies[birch.merchant_id]
    assert "how it differs from your own" in bodies[ash.merchant_id], "Ash has one"

    again = client.post(f"/budget/platform/{run.id}/publish", follow_redirects=True)
    assert "no longer a draft: nobody was told again" in again.text
    assert len(told()) == 2
    publishes = (
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "publish_platform_run")
    )
    assert db.session.scalar(publishes) == 1

    auth.logout()
    merchant.login("birch@example.com")
    assert client.get(f"/budget/plans/{share.id}").status_code == 200


def test_a_merchant_is_told_again_only_of_a_material_change_and_not_twice_a_day(client, auth):
    planner = factories.make_user(Role.PLANNER)
    _ash, birch = market(planner)
    db.session.add(AdBudget(store_id=birch.id, monthly=Decimal(8000), set_by_id=planner.id))
    db.session.commit()
    auth.login(planner.email)
    first = draft(client)
    client.post(f"/budget/platform/{first.id}/publish")
    assert len(told()) == 2

    # Birch's budget doubles the same day: a material change, but it was told today already
    client.post(f"/budget/stores/{birch.id}/ad-budget", data={"monthly": "16000"})
    second = draft(client)
    client.post(f"/budget/platform/{second.id}/publish")
    assert len(told()) == 2, "never more than once a day"

    # the next day: Birch's doubled budget is material, Ash's unchanged plan is not
    db.session.execute(
        update(Notification).values(created_at=Notification.created_at - timedelta(days=2))
    )
    db.session.commit()
    third_run = draft(client)
    client.post(f"/budget/platform/{third_run.id}/publish")
    assert [user for user, _s in told()][2:] == [], "third run equals the second: nothing new"
    db.session.execute(
        update(AdBudget).where(AdBudget.store_id == birch.id).values(monthly=Decimal(4000))
    )
    db.session.commit()
    fourth = draft(client)
    client.post(f"/budget/platform/{fourth.id}/publish")
    assert [user for user, _s in told()][2:] == [birch.merchant_id]
    page = text(client.get(f"/budget/platform/{fourth.id}").text)
    assert "moves by more than 10% of the larger of the two" in page


def test_the_rule_for_a_material_change():
    def result(total, **spend):
        return {"totals": {"spend": total}, "allocations": [
            {"id": code, "spend": value} for code, value in spend.items()]}  # fmt: skip

    assert changed_materially(result(100, a=100), None)
    assert not changed_materially(result(100, a=60, b=40), result(95, a=57, b=38))
    assert changed_materially(result(100, a=100), result(89, a=89))
    assert changed_materially(result(100, a=50, b=50), result(100, a=65, b=35)), "a moved 15%"


def test_leaving_a_store_out_re_runs_without_it_and_the_old_draft_cannot_be_published(client, auth):
    planner = factories.make_user(Role.PLANNER)
    _ash, birch = market(planner)
    db.session.add(AdBudget(store_id=birch.id, monthly=Decimal(8000), set_by_id=planner.id))
    db.session.commit()
    auth.login(planner.email)
    run = draft(client)
    response = client.post(
        f"/budget/platform/{run.id}/rerun",
        data={"exclude_store": str(birch.id), "exclude_placement": "feed"},
    )
    assert response.status_code == 302
    again = wait_for(int(response.headers["Location"].rsplit("/", 1)[1]))
    assert again.summary["merchants"] == 1 and again.rerun_of_id == run.id
    assert "feed" in again.summary["left_out"]
    page = text(client.get(f"/budget/platform/{again.id}").text)
    assert "excluded by the planner before this run" in page
    old = client.post(f"/budget/platform/{run.id}/publish", follow_redirects=True)
    said = text(old.text)
    assert "This run was discarded: it was never published" in said and told() == []


def test_two_planners_publishing_at_once_tell_each_merchant_once(app):
    planner = factories.make_user(Role.PLANNER)
    market(planner)
    db.session.commit()
    client = app.test_client()
    Auth(client).login(planner.email)
    run_id = draft(client).id
    clients = [app.test_client(), app.test_client()]
    for each in clients:
        Auth(each).login(planner.email)
    answers = together(
        app, [Request(c, lambda c: c.post(f"/budget/platform/{run_id}/publish")) for c in clients]
    )
    assert [a.status_code for a in answers] == [302, 302]
    assert len(told()) == 1, "Ash alone has a budget here"
    publishes = (
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "publish_platform_run")
    )
    assert db.session.scalar(publishes) == 1


def test_an_older_and_a_newer_draft_published_at_once_publish_only_the_newer(app):
    # An attack pass: the two read "nothing newer is published" together and both went out,
    # the older last, and its merchants were told of recommendations already replaced.
    planner = factories.make_user(Role.PLANNER)
    market(planner)
    db.session.commit()
    client = app.test_client()
    Auth(client).login(planner.email)
    older = draft(client).id
    newer = draft(client).id
    clients = [app.test_client(), app.test_client()]
    for each in clients:
        Auth(each).login(planner.email)
    together(app, [
        Request(clients[0], lambda c: c.post(f"/budget/platform/{older}/publish")),
        Request(clients[1], lambda c: c.post(f"/budget/platform/{newer}/publish")),
    ])  # fmt: skip
    db.session.expire_all()
    runs = {r.id: r for r in db.session.scalars(select(PlatformRun))}
    assert runs[newer].state == "published"
    # the older goes out only if it came first: never after the newer one
    if runs[older].state == "published":
        assert runs[older].published_at <= runs[newer].published_at


def test_a_refused_ad_budget_keeps_what_was_typed(client, auth):
    planner = factories.make_user(Role.PLANNER)
    _, birch = market(planner)
    auth.login(planner.email)
    refused = client.post(f"/budget/stores/{birch.id}/ad-budget", data={"monthly": "-5"})
    assert refused.status_code == 400
    assert "Enter from 0 to 999,999,999,999" in refused.text and 'value="-5"' in refused.text
    assert db.session.get(AdBudget, birch.id) is None


def test_a_merchant_is_not_offered_a_draft_plan_to_compare_with(client, auth):
    planner = factories.make_user(Role.PLANNER)
    ash, _birch = market(planner)
    mine = db.session.scalar(select(BudgetPlan.id).where(BudgetPlan.store_id == ash.id))
    auth.login(planner.email)
    run = draft(client)
    share = db.session.scalar(
        select(BudgetPlan.id).where(
            BudgetPlan.platform_run_id == run.id, BudgetPlan.store_id == ash.id
        )
    )
    assert f'<option value="{share}">#{share}' in client.get(f"/budget/plans/{mine}").text
    auth.logout()
    Auth(client).login("ash@example.com")
    page = client.get(f"/budget/plans/{mine}").text
    assert f'value="{share}"' not in page, "its plan page would answer 404"
    assert client.get(f"/budget/plans/{share}").status_code == 404


def test_a_recommendation_on_a_monthly_budget_says_so_and_names_the_smaller_budget(client, auth):
    planner = factories.make_user(Role.PLANNER)
    ash, _birch = market(planner)  # Ash's own plan: 1,000 a week
    db.session.add(AdBudget(store_id=ash.id, monthly=Decimal("2166.67"), set_by_id=planner.id))
    db.session.commit()
    auth.login(planner.email)
    run = draft(client)
    share = db.session.scalar(
        select(BudgetPlan).where(
            BudgetPlan.platform_run_id == run.id, BudgetPlan.store_id == ash.id
        )
    )
    assert share.budget == Decimal("500.00")
    # a period like every plan's, so planned against actual holds it to its own weeks
    assert share.period_start == next_monday() and share.weeks == 4
    assert share.period_budget == Decimal("2000.00")
    page = text(client.get(f"/budget/plans/{share.id}").text)
    assert "For 4 weeks" in page
    results = text(client.get(f"/budget/stores/{ash.id}/results?plan={share.id}").text)
    assert "made before plans had a period" not in results
    assert "planned this store on its monthly ad budget: CN¥500.00 a week" in page
    assert "took this store's budget from its plan" not in page
    assert "budget is smaller than the own plan's" in page, "the first reason for spending less"


def test_an_older_draft_cannot_be_published_after_a_newer_run(client, auth):
    """It was: previous_recommendations looked only at runs before it, so the older draft put
    older recommendations back and compared them with even older ones."""
    planner = factories.make_user(Role.PLANNER)
    market(planner)
    auth.login(planner.email)
    older = draft(client)
    newer = draft(client)
    assert client.post(f"/budget/platform/{newer.id}/publish").status_code == 302
    told_after_newer = told()
    refused = client.post(f"/budget/platform/{older.id}/publish", follow_redirects=True)
    said = text(refused.text)
    assert f"Run {newer.id}, newer than this draft, is already published" in said, said
    db.session.expire_all()
    assert db.session.get(PlatformRun, older.id).state == "draft"
    assert told() == told_after_newer, "nobody was told of the older draft"


def test_a_rerun_keeps_its_drafts_fit_when_another_was_accepted_since(client, auth):
    from merchant_portal.budget.models import Placement

    planner = factories.make_user(Role.PLANNER)
    ash, _birch = market(planner)
    search = db.session.scalar(select(Placement).where(Placement.code == "search_top"))
    first = factories.make_curve_fit(ash, search, number=1)
    second = factories.make_curve_fit(ash, search, number=2)
    db.session.commit()
    auth.login(planner.email)
    assert client.post(f"/budget/curves/{first.id}/accept").status_code == 302
    run = draft(client)
    assert run.curve_fit_id == first.id
    assert client.post(f"/budget/curves/{second.id}/accept").status_code == 302
    response = client.post(f"/budget/platform/{run.id}/rerun", data={})
    again = wait_for(int(response.headers["Location"].rsplit("/", 1)[1]))
    assert again.curve_fit_id == first.id, "the re-run plans on its draft's own fit"
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "start_platform_run", AuditEvent.subject_id == again.id
        )
    )
    assert event.detail["fit"] == 1


def test_the_list_of_runs_tells_the_latest_published_from_one_it_replaced(client, auth):
    planner = factories.make_user(Role.PLANNER)
    market(planner)
    auth.login(planner.email)
    older, newer = draft(client), draft(client)
    publish(client, older.id)
    publish(client, newer.id)
    rows = {
        int(number): text(row)
        for number, row in re.findall(
            r'platform/(\d+)">(.*?)</tr>', client.get("/budget/platform").text, re.S
        )
    }
    assert "Published: the latest merchants see" in rows[newer.id]
    assert "Published earlier: a later run replaced it" in rows[older.id]
