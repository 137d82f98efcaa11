"""Admins find staff by address and role, take the audit trail for a date range as CSV, and
search the outbox."""

import csv
import io
from datetime import datetime

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent, audit
from merchant_portal.extensions import db
from merchant_portal.mail import send_mail

from .. import factories


def test_staff_are_found_by_part_of_their_address_within_a_role(client, auth):
    auth.as_role(Role.ADMIN)
    factories.make_user(Role.REVIEWER, email="rita.chen@example.com")
    factories.make_user(Role.PLANNER, email="rita.wu@example.com")
    factories.make_user(Role.REVIEWER, email="omar@example.com")
    db.session.commit()
    found = client.get("/admin/users?q=RITA").text
    assert "rita.chen@" in found and "rita.wu@" in found and "omar@" not in found
    reviewers = client.get("/admin/users?q=rita&role=reviewer").text
    assert "rita.chen@" in reviewers and "rita.wu@" not in reviewers
    assert "omar@" not in client.get("/admin/users?q=%25").text  # a wildcard is a character


def events_on(*days):
    admin = factories.make_user(Role.PLANNER, email="pat@example.com")
    for day in days:
        event = audit(actor_id=admin.id, subject_kind="placement", subject_id=7, action="edit",
                      detail={"price": "=HYPERLINK(1)"})  # fmt: skip
        event.created_at = day
    db.session.commit()


def test_the_trail_is_filtered_by_days_in_the_site_time_zone(client, auth):
    auth.as_role(Role.ADMIN)
    # 16:30 UTC on 1 March is already 2 March in Shanghai
    events_on(datetime(2026, 3, 1, 3, 0), datetime(2026, 3, 1, 16, 30), datetime(2026, 3, 5, 3))
    page = client.get("/review/audit?kind=placement&from=2026-03-02&to=2026-03-02").text
    assert page.count("pat@example.com") == 1
    whole = client.get("/review/audit?kind=placement&from=2026-03-01&to=2026-03-05").text
    assert whole.count("pat@example.com") == 3
    assert client.get("/review/audit?from=2026-02-30").status_code == 400
    assert client.get("/review/audit?to=99999-01-01").status_code == 400


def test_the_trail_exports_what_is_filtered_as_safe_csv_and_the_export_is_recorded(client, auth):
    admin = auth.as_role(Role.ADMIN)
    events_on(datetime(2026, 3, 1, 3, 0), datetime(2026, 3, 5, 3, 0))
    response = client.get("/review/audit/export.csv?kind=placement&from=2026-03-04")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["When (UTC)", "Who"] and len(rows) == 2
    assert rows[1][0] == "2026-03-05T03:00:00" and rows[1][1] == "pat@example.com"
    # the detail named as the page names it, in a cell no spreadsheet runs
    assert "=HYPERLINK(1)" in rows[1][8] and not rows[1][8].startswith(("=", "{"))
    recorded = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export_audit"))
    assert recorded.actor_id == admin.id and recorded.detail["rows"] == 1
    chinese = client.get("/review/audit/export.csv?kind=placement",
                         headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)  # fmt: skip
    assert "When (UTC)" not in chinese


def test_the_outbox_is_searched_by_address_or_subject(client, auth):
    auth.as_role(Role.ADMIN)
    send_mail("ada@example.com", "Reset your password", "link")
    send_mail("bo@example.com", "Your store was approved", "yay")
    db.session.commit()
    by_address = client.get("/admin/outbox?q=ADA@").text
    assert "Reset your password" in by_address and "Your store was approved" not in by_address
    by_subject = client.get("/admin/outbox?q=approved").text
    assert "bo@example.com" in by_subject and "ada@example.com" not in by_subject
    assert "bo@example.com" not in client.get("/admin/outbox?q=approved&status=failed").text
