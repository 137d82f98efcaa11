"""Admins set the health line on a page instead of in the configuration: the snapshot, the
recall worklist and the managers' notices follow it; every change is audited; a refused
value says why and changes nothing."""

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.audit.models import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.growth.health_history import take_snapshot
from merchant_portal.growth.health_line import recall_below, set_recall_below
from merchant_portal.growth.models import HealthCrossing, MerchantAccount

from ..growth.test_health import today, troubled_store


def test_the_line_starts_at_the_configured_default(client, auth, app):
    auth.as_role(Role.ADMIN)
    page = client.get("/admin/health-line")
    assert page.status_code == 200
    assert 'value="600"' in page.text
    assert recall_below() == app.config["HEALTH_RECALL_BELOW"] == 600


def test_an_admin_lowers_the_line_and_the_snapshot_follows_it_audited(client, auth):
    admin = auth.as_role(Role.ADMIN)
    troubled_store("Poorly")  # scores 525
    db.session.commit()
    done = client.post("/admin/health-line", data={"line": "500"}, follow_redirects=True)
    assert "Stores are now recalled below 500." in done.text
    assert recall_below() == 500
    take_snapshot(today())
    db.session.commit()
    assert db.session.scalar(select(HealthCrossing.id)) is None  # 525 is above a line at 500
    again = client.post("/admin/health-line", data={"line": "500"}, follow_redirects=True)
    assert "The line already was 500." in again.text
    events = db.session.execute(
        select(AuditEvent.actor_id, AuditEvent.subject_kind, AuditEvent.detail)
        .where(AuditEvent.action == "set_health_line")
        .order_by(AuditEvent.id)
    ).all()  # fmt: skip
    assert events == [(admin.id, "setting", {"previous_line": 600, "line": 500})]
    trail = client.get("/review/audit?kind=setting").text
    assert "set the health line" in trail


def test_a_refused_line_says_why_and_changes_nothing(client, auth):
    auth.as_role(Role.ADMIN)
    for typed in ("0", "1001", "abc", "", "NaN", "6e2"):
        page = client.post("/admin/health-line", data={"line": typed})
        assert page.status_code == 400, typed
        assert "Enter a score from 1 to 1,000." in page.text, typed
    assert client.post("/admin/health-line", data={"line": "\uff17\uff10\uff10"}).status_code == 302
    assert recall_below() == 700  # full-width digits, as Chinese IMEs type them


def test_only_admins_reach_the_line(client, auth):
    auth.as_role(Role.REVIEWER)
    assert client.post("/admin/health-line", data={"line": "900"}).status_code == 403
    assert recall_below() == 600


def test_the_score_s_colour_follows_the_line(client, auth):
    manager = auth.as_role(Role.REVIEWER)
    _, store = troubled_store("Poorly")  # scores 525
    db.session.add(MerchantAccount(store_id=store.id, manager_id=manager.id))
    db.session.commit()
    assert 'health-poor">525' in client.get("/growth/book").text
    set_recall_below(500, manager)
    db.session.commit()
    book = client.get("/growth/book").text
    assert 'health-fair">525' in book and 'health-poor">525' not in book
    business = client.get(f"/growth/stores/{store.id}").text
    assert "health-fair" in business and "health-poor" not in business
