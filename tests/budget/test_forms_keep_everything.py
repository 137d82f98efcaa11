"""A refused budget form keeps everything typed and names every problem in one round."""

import re

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan, Placement
from merchant_portal.extensions import db

from .. import factories
from .test_plans import PLACEMENT, error_next_to, shop_and_catalogue


def value_of(html: str, name: str) -> str | None:
    found = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    return found.group(1) if found else None


def test_the_placement_form_shows_field_and_optimizer_problems_in_one_round(client, auth):
    auth.as_role(Role.PLANNER)
    factories.make_placement("search_top")
    db.session.commit()
    # a missing name (the field's own check), a conversion rate above 1 (the optimizer's
    # check) and a code already used (the database's): all three at once
    response = client.post(
        "/budget/placements/new", data={**PLACEMENT, "name": "", "prior_cvr": "1.5"}
    )
    assert response.status_code == 400
    assert "Name the placement." in error_next_to(response.text, "name")
    assert "Enter a conversion rate from 0 to 1, like 0.03." in error_next_to(
        response.text, "prior_cvr"
    )
    assert "Another placement has this code." in error_next_to(response.text, "code")
    assert "3 things to fix" in response.text
    assert value_of(response.text, "prior_cvr") == "1.5"
    assert db.session.scalar(select(func.count()).select_from(Placement)) == 1


def test_a_number_the_browser_could_not_read_comes_back_as_typed(client, auth):
    auth.as_role(Role.PLANNER)
    response = client.post("/budget/placements/new", data={**PLACEMENT, "price": "0,80"})
    assert response.status_code == 400
    assert value_of(response.text, "price") == "0,80"
    assert 'name="price" step="any" type="text"' in response.text or re.search(
        r'<input[^>]*name="price"[^>]*type="text"', response.text
    )


def test_a_refused_plan_form_names_every_problem_and_keeps_every_value(client, auth):
    auth.as_role(Role.PLANNER)
    _, store = shop_and_catalogue()
    typed = {
        "budget": "",
        "objective": "profit",
        "min_roas": "2.5",
        "spend_all": "y",
        "max:search_top": "-5",
        "share:search": "85",
    }
    response = client.post(f"/budget/stores/{store.id}/plan", data=typed)
    assert response.status_code == 400
    assert "Enter the budget." in error_next_to(response.text, "budget")
    assert "Profit needs the margin on revenue." in error_next_to(response.text, "margin")
    # the limit, same round (with its upper bound since numbers are read in one place)
    assert "Maximum spend: enter a number from 0 to 999,999,999,999." in response.text
    assert value_of(response.text, "min_roas") == "2.5"
    assert value_of(response.text, "max:search_top") == "-5"
    assert value_of(response.text, "share:search") == "85"
    assert re.search(r'<option selected value="profit">', response.text)
    assert re.search(r'<input checked[^>]*name="spend_all"', response.text)
    assert db.session.scalar(select(func.count()).select_from(BudgetPlan)) == 0


def test_a_number_written_as_the_pages_write_them_is_read_or_says_what_to_type(client, auth):
    """The pages show 8,000.00 and 2.00%: a budget typed "5,000" is read as 5000 and a margin
    typed "30%" (the way a rate is quoted) as 0.3; a budget typed "5000%" is no way to write
    money, so the planner is told what to type instead, not "Enter a number, like 12.50."."""
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    refused = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "5000%", "objective": "profit", "margin": "30%"},
    )
    assert refused.status_code == 400
    assert "5000" in error_next_to(refused.text, "budget")
    assert "%" in error_next_to(refused.text, "budget")
    assert error_next_to(refused.text, "margin").strip() == ""
    assert value_of(refused.text, "margin") == "30%"
    assert db.session.scalar(select(func.count()).select_from(BudgetPlan)) == 0
    made = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "5,000", "objective": "profit", "margin": "30%"},
    )
    assert made.status_code in (200, 302)
    plan = db.session.scalars(select(BudgetPlan)).one()
    assert float(plan.budget) == 5000
    assert plan.request["margin"] == pytest.approx(0.3)
