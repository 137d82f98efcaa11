"""The budget pages in Chinese: every message of the placements, plans, results and platform
pages is in the zh_Hans catalogue, and what the optimizer answers (what binds, why a plan
cannot be met, why it spends nothing) reaches a Chinese reader in Chinese."""

from merchant_portal.access import Role
from merchant_portal.extensions import db

from .. import factories
from ..catalogue import untranslated
from .test_plans import shop_and_catalogue

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def test_every_budget_message_is_translated():
    assert untranslated("merchant_portal/budget", "templates/budget") == []


def test_a_plan_says_what_limits_it_in_chinese(client, auth):
    _, store = shop_and_catalogue()
    planner = auth.as_role(Role.PLANNER)
    plan = factories.make_plan(store, planner, budget=1000.0)
    db.session.commit()
    page = client.get(f"/budget/plans/{plan.id}", headers=ZH).get_data(as_text=True)
    assert "方案受哪些约束" in page and "预算花在哪里" in page
    binding = page.split('id="binding"')[1].split("</ul>")[0]
    assert "The whole budget" not in binding and "Nothing binds" not in binding


def test_an_impossible_plan_is_explained_in_chinese_next_to_its_fields(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    response = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "1000", "objective": "revenue", "min_roas": "300", "spend_all": "y"},
        headers=ZH,
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    said = (
        page.split('id="diagnosis"')[1].split("</section>")[0]
        if 'id="diagnosis"' in page
        else (page.split('id="nothing-spent"')[1].split("</section>")[0])
    )
    assert "最低投入产出比" in said, said
    assert "ROAS floor" not in said and "min_roas" not in said and "spend_all" not in said


def test_a_plan_that_spends_nothing_says_why_in_chinese(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    response = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "1000", "objective": "revenue", "min_roas": "200"},
        headers=ZH,
    )
    notice = response.get_data(as_text=True).split('id="nothing-spent"')[1].split("</section>")[0]
    assert "这个方案一分钱都不会花" in notice and "200.00 的最低投入产出比" in notice
    assert "No placement" not in notice


def test_channels_are_named_in_chinese_on_the_plan_form(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    page = client.get(f"/budget/stores/{store.id}/plan", headers=ZH).get_data(as_text=True)
    assert "搜索 渠道" in page or "搜索渠道" in page, "the search channel's share limit"
    assert "search 渠道" not in page


def test_a_merchant_reads_who_made_a_planners_plan_once(client, auth):
    merchant, store = shop_and_catalogue()
    plan = factories.make_plan(store, factories.make_user(Role.PLANNER), budget=1000.0)
    db.session.commit()
    auth.login(merchant.email)
    page = client.get(f"/budget/plans/{plan.id}", headers=ZH).get_data(as_text=True)
    assert "由商业化运营于" in page, "no space between two Chinese words"
    header = page.split("由商业化运营于", 1)[1].split("</p>", 1)[0]
    assert "商业化运营" not in header, f"said twice: {header}"
