"""Admins create staff accounts, deactivate them, and read the outbox."""

import re

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.mail.models import OutboxMessage

from .. import factories


def test_admin_creates_a_reviewer_who_sets_a_password_from_the_outbox(client, auth):
    auth.as_role(Role.ADMIN)
    response = client.post(
        "/admin/users/new",
        data={"email": "Rita@Example.com", "role": "reviewer"},
        follow_redirects=True,
    )
    assert "rita@example.com can now set a password" in response.text

    outbox = client.get("/admin/outbox").text
    assert "Your merchant portal account" in outbox
    message_id = db.session.scalar(select(OutboxMessage.id))
    body = client.get(f"/admin/outbox/{message_id}").text
    link = re.search(r"http://portal\.test(/reset/[^\s<\"]+)", body).group(1)

    auth.logout()
    client.post(link, data={"password": "reviewer secret", "confirm": "reviewer secret"})
    assert auth.login("rita@example.com", "reviewer secret").headers["Location"] == "/review/"


def test_new_staff_form_rejects_bad_input_and_keeps_it(client, auth):
    admin = auth.as_role(Role.ADMIN)
    users_before = db.session.scalar(select(func.count()).select_from(User))

    response = client.post("/admin/users/new", data={"email": "nope", "role": "planner"})
    assert "Enter a valid email address" in response.text
    assert 'value="nope"' in response.text
    assert '<option selected value="planner">' in response.text

    response = client.post("/admin/users/new", data={"email": admin.email, "role": "planner"})
    assert "already exists" in response.text

    response = client.post("/admin/users/new", data={"email": "m@example.com", "role": "merchant"})
    assert "Not a valid choice" in response.text
    assert db.session.scalar(select(func.count()).select_from(User)) == users_before


def test_admin_cannot_deactivate_themself(client, auth):
    admin = auth.as_role(Role.ADMIN)
    response = client.post(
        f"/admin/users/{admin.id}/active", data={"active": "0"}, follow_redirects=True
    )
    assert "cannot deactivate your own account" in response.text
    assert db.session.get(User, admin.id).active


def test_deactivate_and_reactivate(client, auth):
    planner = factories.make_user(Role.PLANNER, email="plan@example.com")
    db.session.commit()
    auth.as_role(Role.ADMIN)
    asked = client.post(f"/admin/users/{planner.id}/active", data={"active": "0"})
    assert "will be signed out everywhere" in asked.text  # asked first
    assert db.session.get(User, planner.id).active
    response = client.post(
        f"/admin/users/{planner.id}/active",
        data={"active": "0", "confirm": "1"},
        follow_redirects=True,
    )
    assert "plan@example.com is deactivated" in response.text
    assert not db.session.get(User, planner.id).active
    client.post(f"/admin/users/{planner.id}/active", data={"active": "1"})
    assert db.session.get(User, planner.id).active


def test_users_list_filters_by_role_and_paginates(app, client, auth):
    auth.as_role(Role.ADMIN)
    for _ in range(app.config["ITEMS_PER_PAGE"] + 3):
        factories.make_user(Role.PLANNER)
    db.session.commit()
    first = client.get("/admin/users?role=planner").text
    assert "Page 1 of 2" in first
    assert first.count("Business-ops planner</td>") == app.config["ITEMS_PER_PAGE"]
    second = client.get("/admin/users?role=planner&page=2").text
    assert second.count("Business-ops planner</td>") == 3
    assert client.get("/admin/users?page=99").status_code == 404


def test_an_email_already_taken_is_told_to_the_admin_not_as_to_someone_signing_up(client, auth):
    """Only an admin creating a staff account is told an address is taken; "Log in instead?"
    spoke to the wrong person."""
    auth.as_role(Role.ADMIN)
    taken = factories.make_user(Role.REVIEWER)
    db.session.commit()
    response = client.post("/admin/users/new", data={"email": taken.email, "role": "planner"})
    assert "An account with this email already exists: find it in the accounts list." in (
        response.text
    )
    assert "Log in instead" not in response.text
