"""A planner clicks "Run the platform plan" twice (a double click, a second tab, the list page
left open): the run under way is the one shown, with why no second one started."""

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import PlatformRun
from merchant_portal.extensions import db
from merchant_portal.jobs.models import Job


def run_under_way(planner) -> PlatformRun:
    job = Job(kind="platform_run", lock="platform_run", status="running", progress=40)
    db.session.add(job)
    db.session.flush()
    run = PlatformRun(created_by_id=planner.id, objective="revenue", job_id=job.id)
    db.session.add(run)
    db.session.commit()
    return run


def test_a_second_click_lands_on_the_run_under_way(client, auth):
    """It landed on the list page with an error, as if nothing had started: a new user who
    double-clicked lost sight of the run their first click started."""
    planner = auth.as_role(Role.PLANNER)
    run = run_under_way(planner)
    response = client.post("/budget/platform", data={"objective": "revenue"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/budget/platform/{run.id}")
    page = client.get(response.headers["Location"]).text
    assert "already under way" in page
    assert db.session.scalar(select(func.count()).select_from(PlatformRun)) == 1


def test_the_list_names_the_run_under_way(client, auth):
    planner = auth.as_role(Role.PLANNER)
    assert 'id="running"' not in client.get("/budget/platform").text
    run = run_under_way(planner)
    page = client.get("/budget/platform").text
    assert 'id="running"' in page and f'href="/budget/platform/{run.id}"' in page
    run.job.status = "succeeded"
    db.session.commit()
    assert 'id="running"' not in client.get("/budget/platform").text
