"""Found by the new-user pass: stores marked to leave out were published and told all the
same, with no warning. A draft with marks is not published: it is re-run without them first."""

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import PlatformRun
from merchant_portal.budget.platform import publish_views
from merchant_portal.extensions import db
from merchant_portal.notifications.models import Notification

from .. import factories
from .test_platform_marks import market, post_marks
from .test_platform_publish import draft


def draft_with_one_mark(client, auth):
    """A planner's draft of three stores, the first marked to leave out: (run, store ids,
    notices so far)."""
    planner = factories.make_user(Role.PLANNER)
    stores = market(planner, count=3)
    auth.login(planner.email)
    run = draft(client)
    ids = [s.id for s in stores]
    assert post_marks(client, run, ids, [ids[0]]).status_code == 302
    return run, ids, db.session.scalar(select(func.count()).select_from(Notification))


def test_a_draft_with_stores_marked_to_leave_out_is_re_run_before_it_is_published(client, auth):
    run, ids, told_before = draft_with_one_mark(client, auth)
    refused = client.post(f"/budget/platform/{run.id}/publish", follow_redirects=True)
    assert "1 store is marked to leave out" in refused.text
    db.session.expire_all()
    assert db.session.get(PlatformRun, run.id).state == "draft"
    assert db.session.scalar(select(func.count()).select_from(Notification)) == told_before
    assert post_marks(client, run, ids, []).status_code == 302  # unmarked: publishing goes on
    published = client.post(f"/budget/platform/{run.id}/publish")
    assert published.status_code == 302
    db.session.expire_all()
    assert db.session.get(PlatformRun, run.id).state == "published"


def test_a_platform_recommendation_says_its_figures_are_for_a_week_not_that_it_is_old(client, auth):
    """Found by the new-user pass: a recommendation made minutes earlier said it was made
    before plans had a period."""
    from merchant_portal.budget.models import BudgetPlan

    planner = factories.make_user(Role.PLANNER)
    market(planner, count=1)
    auth.login(planner.email)
    run = draft(client)
    plan = db.session.scalar(select(BudgetPlan).where(BudgetPlan.platform_run_id == run.id))
    page = client.get(f"/budget/plans/{plan.id}").text
    assert "The figures below are for one week." in page and "For 4 weeks" in page
    assert "Made before plans had a period" not in page


def test_a_store_marked_from_another_tab_while_publishing_stops_the_publish(
    client, auth, monkeypatch
):
    """Found by the attack pass: publishing counted the marks before it moved the draft, so
    a store marked in another tab between the two was published and told all the same."""
    run, _ids, told_before = draft_with_one_mark(client, auth)
    # the publish counted before the other tab's mark was committed
    monkeypatch.setattr(publish_views, "marked_count", lambda run_id: 0)
    refused = client.post(f"/budget/platform/{run.id}/publish", follow_redirects=True)
    assert "1 store is marked to leave out" in refused.text
    db.session.expire_all()
    assert db.session.get(PlatformRun, run.id).state == "draft", "not published"
    assert db.session.scalar(select(func.count()).select_from(Notification)) == told_before
