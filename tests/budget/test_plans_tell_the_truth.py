"""What the plan pages say is true: advice in the form's words, no empty plan published,
re-plans from the plan viewed, comparisons that name their plan, the current recommendation."""

from decimal import Decimal

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.budget.models import BudgetPlan
from merchant_portal.budget.plans.explain import conflict_in_words, in_form_words
from merchant_portal.extensions import db

from .. import factories
from .test_plans import plans, shop_and_catalogue


def test_a_share_conflict_is_said_with_the_forms_label_and_a_percentage():
    request = {"budget": 1000, "groups": {"display": {"max_share": 0.5}}, "placements": []}
    conflict = {
        "constraint": "groups.display.max_share",
        "field": "groups.display.max_share",
        "suggested_value": 0.8504,
        "message": "Group display must take at most 50% ...: set max_share to 0.850.",
    }
    words = conflict_in_words(conflict, request, {})
    assert "raise “Most of the spend on display” to 86%" in words
    assert "max_share" not in words and "0.850" not in words
    lowered = {**request, "groups": {"display": {"max_share": 0.95}}}
    assert "lower “Most of the spend on display” to 86%" in conflict_in_words(conflict, lowered, {})


def test_a_placement_conflict_names_the_placement_and_the_field():
    placement = factories.make_placement("search_top", name="Search results, top")
    request = {"budget": 1000, "placements": [{"id": "search_top", "min_spend": 900}]}
    conflict = {"constraint": "search_top.min_spend", "field": "placements[0].min_spend",
                "suggested_value": 400.0, "message": "search_top: lower min_spend to 400."}  # fmt: skip
    words = conflict_in_words(conflict, request, {"search_top": placement})
    assert words.startswith("Search results, top:") and "“Minimum spend” to 400" in words
    assert in_form_words("lower min_roas to 2.00 or set spend_all to false") == (
        "lower ROAS floor to 2.00 or set “Spend the whole budget” to false"
    )


def test_a_plan_that_spends_nothing_is_not_published_and_says_why(client, auth):
    _, store = shop_and_catalogue()
    auth.as_role(Role.PLANNER)
    response = client.post(
        f"/budget/stores/{store.id}/plan",
        data={"budget": "1000", "objective": "revenue", "min_roas": "200"},
    )
    assert response.status_code == 400
    assert "This plan would spend nothing" in response.text
    notice = response.text.split('id="nothing-spent"')[1].split("</section>")[0]
    assert "ROAS floor of 200.00" in notice and "min_roas" not in notice
    assert "Plan ready" not in response.text
    assert plans() == 0


def test_replan_starts_from_the_plan_viewed_and_results_name_their_plan(client, auth):
    _, store = shop_and_catalogue()
    planner = auth.as_role(Role.PLANNER)
    older = factories.make_plan(store, planner, budget=1000.0)
    factories.make_plan(store, planner, budget=5000.0)  # the latest, not the one viewed
    factories.make_result(store, planner)
    db.session.commit()
    older_id = older.id
    viewed = client.get(f"/budget/plans/{older_id}").text
    assert f'name="plan_id" value="{older_id}"' in viewed
    client.post(f"/budget/stores/{store.id}/replan", data={"plan_id": older_id})
    newest = db.session.scalar(select(BudgetPlan).order_by(BudgetPlan.id.desc()).limit(1))
    assert newest.kind == "replan" and newest.budget == Decimal("1000.00")

    results = client.get(f"/budget/stores/{store.id}/results?plan={older_id}").text
    assert f"plan #{older_id}</a>, run" in results and planner.email in results
    assert f"Re-plan plan #{older_id} from these results" in results


def test_replanning_another_stores_plan_is_refused(client, auth):
    _, store = shop_and_catalogue()
    _, other = factories.make_merchant(status=factories.ReviewStatus.APPROVED)
    planner = auth.as_role(Role.PLANNER)
    theirs = factories.make_plan(other, planner)
    db.session.commit()
    response = client.post(f"/budget/stores/{store.id}/replan", data={"plan_id": theirs.id})
    assert response.status_code == 404


def test_a_merchant_sees_which_plan_is_the_current_recommendation(client, auth):
    merchant, store = factories.make_merchant(status=factories.ReviewStatus.APPROVED)
    planner = factories.make_user(Role.PLANNER)
    recommended = factories.make_plan(store, planner, budget=2000.0)
    own = factories.make_plan(store, merchant, budget=300.0)
    own.kind = "self_service"  # newer, but the merchant's own experiment
    db.session.commit()
    recommended_id, own_id = recommended.id, own.id
    auth.login(merchant.email)
    listing = client.get("/budget/my-plans").text
    assert "Your current recommendation from business operations" in listing
    assert listing.count("Current recommendation</span>") == 1
    assert "Current recommendation" in client.get(f"/budget/plans/{recommended_id}").text
    mine = client.get(f"/budget/plans/{own_id}").text
    assert "Your own plan. The current recommendation is" in mine
