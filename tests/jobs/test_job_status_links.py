"""A cancelled platform run offered "Show the results" (its page, with nothing on it): only a
job that finished with results links to them."""

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.jobs.models import Job


def test_a_cancelled_run_offers_no_results(client, auth, parked_queue):
    auth.as_role(Role.PLANNER)
    started = client.post("/budget/platform", data={"objective": "revenue"})
    job = db.session.scalar(select(Job))
    htmx = {"HX-Request": "true"}
    cancelled = client.post(f"/jobs/{job.id}/cancel", headers=htmx)
    assert cancelled.status_code == 200 and 'data-status="cancelled"' in cancelled.text
    assert "Show the results" not in cancelled.text
    assert "Retry" in cancelled.text
    job.status = "succeeded"
    db.session.commit()
    finished = client.get(f"/jobs/{job.id}", headers=htmx)
    assert "Show the results" in finished.text
    assert started.headers["Location"] in finished.text
