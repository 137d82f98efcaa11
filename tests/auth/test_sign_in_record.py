"""Signing in and out as the audit trail and the browser see it: every log-in, failed log-in
and log-out recorded; a deactivated account gives nothing away about its password; the
remember-me cookie lasts 30 days unless the setting says otherwise."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db

from .. import factories


def actions() -> list[tuple[str, int, str | None]]:
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    return [(e.action, e.subject_id, (e.detail or {}).get("reason")) for e in events]


def test_log_in_failed_log_in_and_log_out_are_audited(client, auth):
    user = factories.make_user(Role.MERCHANT)
    db.session.commit()
    assert auth.login(user.email, "not the password").status_code == 401
    assert auth.login("nobody@example.com", "whatever it is").status_code == 401
    assert auth.login(user.email).status_code == 302
    assert auth.logout().status_code == 302
    assert actions() == [
        ("log_in_failed", user.id, "wrong_password"),
        ("log_in_failed", 0, "unknown_email"),
        ("log_in", user.id, None),
        ("log_out", user.id, None),
    ]


def test_the_audit_trail_names_the_sign_in_events(client, auth):
    user = factories.make_user(Role.MERCHANT)
    db.session.commit()
    auth.login(user.email, "not the password")
    auth.as_role(Role.ADMIN)
    page = client.get("/review/audit").text
    assert "failed log-in" in page and "log in" in page


def without_tokens(html: str) -> str:
    return "\n".join(line for line in html.splitlines() if "csrf" not in line.lower())


def test_a_deactivated_account_answers_right_and_wrong_passwords_alike(client, auth):
    user = factories.make_user(Role.MERCHANT, active=False)
    db.session.commit()
    right = auth.login(user.email)
    wrong = auth.login(user.email, "not the password")
    assert right.status_code == wrong.status_code == 401
    assert without_tokens(right.text) == without_tokens(wrong.text)
    assert "Wrong email or password." in right.text
    assert [a[2] for a in actions()] == ["deactivated", "deactivated"]


def remember_cookie_expiry(answer) -> datetime:
    for header in answer.headers.getlist("Set-Cookie"):
        if header.startswith("remember_token="):
            expires = next(p for p in header.split("; ") if p.lower().startswith("expires="))
            return parsedate_to_datetime(expires.split("=", 1)[1])
    raise AssertionError("no remember-me cookie was set")


@pytest.mark.parametrize("days", [None, 3])
def test_remember_me_lasts_thirty_days_unless_configured(make_app, days):
    app = make_app(**({"REMEMBER_COOKIE_DURATION": timedelta(days=days)} if days else {}))
    with app.app_context():
        user = factories.make_user(Role.MERCHANT)
        db.session.commit()
        email = user.email
    answer = app.test_client().post(
        "/login", data={"email": email, "password": factories.PASSWORD, "remember": "y"}
    )
    left = remember_cookie_expiry(answer) - datetime.now(UTC)
    expected = timedelta(days=days or 30)
    assert expected - timedelta(minutes=5) < left <= expected, left
