# ruff: noqa: RUF001, RUF002  (full-width digits are what the tests type)
"""A Chinese input method in full-width mode types １２３: the planner was told "Enter a
number, like 12.50." about a number, and a per-placement limit typed "1,000" got "enter a
number" where the budget field above says what to type instead."""

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan
from merchant_portal.extensions import db

from .test_forms_keep_everything import error_next_to, value_of
from .test_plans import shop_and_catalogue

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def test_full_width_digits_are_answered_with_what_to_type(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    plan = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "８０００", "objective": "revenue", "min_roas": "２．５"},
    )
    assert plan.status_code == 400
    assert "Type 8000 in half-width digits." in error_next_to(plan.text, "budget")
    assert "Type 2.5 in half-width digits." in error_next_to(plan.text, "min_roas")
    assert value_of(plan.text, "budget") == "８０００"
    placement = client.post(
        "/budget/placements/new",
        data={"code": "feed", "name": "Feed", "channel": "feed", "pricing": "cpm",
              "price": "１２", "inventory": "５，０００，０００", "prior_ctr": "0.01",
              "prior_cvr": "0.03", "prior_aov": "55", "prior_strength": "100"},
    )  # fmt: skip
    assert placement.status_code == 400
    assert "Type 12 in half-width digits." in error_next_to(placement.text, "price")
    assert "Type 5,000,000 in half-width digits." in error_next_to(placement.text, "inventory")
    chinese = client.post(
        f"/budget/stores/{store.id}/plan", data={"budget": "１２３", "objective": "revenue"},
        headers=ZH,
    )  # fmt: skip
    assert "请用半角数字输入：123。" in error_next_to(chinese.text, "budget")
    assert db.session.scalar(select(func.count()).select_from(BudgetPlan)) == 0


def test_a_per_placement_limit_says_what_to_type(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    response = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "5000", "objective": "revenue", "max:search_top": "1,000",
              "min:search_top": "１００", "share:search": "abc"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Maximum spend: Write 1000 without the thousands separators." in response.text
    assert "Minimum spend: Type 100 in half-width digits." in response.text
    assert "Maximum share: enter a number." in response.text
