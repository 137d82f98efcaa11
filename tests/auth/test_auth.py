"""Sign-up, log in, log out, change and reset a password, as a person would."""

import re

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.mail.models import OutboxMessage
from merchant_portal.onboarding.store.models import Store

from .. import factories

GOOD_SIGNUP = {"email": "Ada@Example.com ", "store_name": "Ada's Atelier"}
GOOD_PASSWORD = {"password": "a long enough secret", "confirm": "a long enough secret"}


def signup_link_in_outbox(recipient: str) -> str:
    body = db.session.scalar(
        select(OutboxMessage.body)
        .where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id.desc())
    )
    return re.search(r"http://portal\.test(/signup/\S+)", body).group(1)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_signup_mails_a_link_that_opens_the_store_and_lands_on_onboarding(client):
    sent = client.post("/signup", data=GOOD_SIGNUP)
    assert "Check your inbox" in sent.text and "ada@example.com" in sent.text
    assert count(User) == 0  # nothing exists until the address is proved
    link = signup_link_in_outbox("ada@example.com")
    assert "Open “Ada&#39;s Atelier”" in client.get(link).text
    response = client.post(link, data=GOOD_PASSWORD, follow_redirects=True)
    assert response.request.path == "/onboarding"
    assert "Ada&#39;s Atelier" in response.text
    user = db.session.scalar(select(User))
    assert user.email == "ada@example.com"
    assert user.role == Role.MERCHANT
    assert user.password_hash.startswith("$argon2id$")
    assert "a long enough secret" not in user.password_hash
    assert db.session.scalar(select(Store.name)) == "Ada's Atelier"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": ""}, "email", "Enter your email address."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address"),
        ({"email": "a" * 250 + "@example.com"}, "email", "at most 254 characters"),
        ({"store_name": ""}, "store_name", "Give your store a name."),
        ({"store_name": "x" * 81}, "store_name", "2 to 80 characters"),
    ],
)
def test_signup_bad_input_is_explained_next_to_the_field(client, change, field, message):
    data = {**GOOD_SIGNUP, **change}
    response = client.post("/signup", data=data)
    assert response.status_code == 200
    errors = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', response.text, re.S)
    assert errors, f"no error shown next to {field}"
    assert message in errors.group(1)
    # what was typed is kept (passwords excepted, as browsers expect)
    if field != "store_name":
        assert "Ada&#39;s Atelier" in response.text
    assert count(User) == 0 and count(Store) == 0 and count(OutboxMessage) == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password": "short", "confirm": "short"}, "password", "between 10 and 128"),
        ({"password": "p" * 129, "confirm": "p" * 129}, "password", "between 10 and 128"),
        ({"confirm": "something else entirely"}, "confirm", "The two passwords differ."),
    ],
)
def test_the_password_chosen_from_the_link_is_checked_next_to_the_field(
    client, change, field, message
):
    client.post("/signup", data=GOOD_SIGNUP)
    link = signup_link_in_outbox("ada@example.com")
    response = client.post(link, data={**GOOD_PASSWORD, **change})
    errors = re.search(rf'<ul class="errors" id="{field}-errors">(.*?)</ul>', response.text, re.S)
    assert errors and message in errors.group(1)
    assert count(User) == 0
    assert client.post(link, data=GOOD_PASSWORD).status_code == 302  # the link still works


def test_signup_with_an_email_already_used_answers_as_a_new_one_and_tells_the_owner(client):
    """No account enumeration: the page is the same; the owner learns of it by mail."""
    factories.make_user(email="taken@example.com")
    db.session.commit()
    fresh = client.post("/signup", data={**GOOD_SIGNUP, "email": "fresh@example.com"})
    taken = client.post("/signup", data={**GOOD_SIGNUP, "email": "taken@example.com"})
    assert fresh.status_code == taken.status_code == 200

    # the CSRF token carries the second it was signed: two answers a second apart differ there
    def same_page(text: str, email: str) -> str:
        text = re.sub(r'(name="csrf_token" value=")[^"]+', r"\1", text)
        return re.sub(r'("X-CSRFToken": ")[^"]+', r"\1", text).replace(email, "X@")

    assert same_page(fresh.text, "fresh@") == same_page(taken.text, "taken@")
    assert count(User) == 1 and count(Store) == 0
    to_owner = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "taken@example.com")
    )
    assert to_owner.subject == "Someone tried to sign up with your address"
    assert "/signup/" not in to_owner.body and "/login" in to_owner.body


def test_a_signup_link_opens_one_store_once(client, app):
    client.post("/signup", data=GOOD_SIGNUP)
    link = signup_link_in_outbox("ada@example.com")
    assert client.post(link, data=GOOD_PASSWORD).status_code == 302
    client.post("/logout")
    again = app.test_client().post(link, data=GOOD_PASSWORD)
    assert again.status_code == 302 and again.headers["Location"] == "/login"
    assert count(User) == 1 and count(Store) == 1


def test_a_forged_or_expired_signup_link_is_refused(client, app, monkeypatch):
    response = client.get("/signup/not-a-token", follow_redirects=True)
    assert "This sign-up link has expired" in response.text
    client.post("/signup", data=GOOD_SIGNUP)
    link = signup_link_in_outbox("ada@example.com")
    monkeypatch.setitem(app.config, "SIGNUP_LINK_MAX_AGE", -1)
    assert client.post(link, data=GOOD_PASSWORD).headers["Location"] == "/signup"
    assert count(User) == 0


def test_login_logout_and_back(client):
    factories.make_merchant(email="shop@example.com")
    db.session.commit()
    response = client.post(
        "/login", data={"email": "shop@example.com", "password": factories.PASSWORD}
    )
    assert response.headers["Location"] == "/onboarding"
    assert client.get("/onboarding").status_code == 200
    client.post("/logout")
    assert client.get("/onboarding").status_code == 302


def test_wrong_password_shows_an_error_and_no_session(client):
    factories.make_merchant(email="shop@example.com")
    db.session.commit()
    response = client.post("/login", data={"email": "shop@example.com", "password": "wrong guess!"})
    assert response.status_code == 401
    assert "Wrong email or password." in response.text
    assert 'value="shop@example.com"' in response.text
    assert client.get("/onboarding").status_code == 302


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(client):
    response = client.post("/login", data={"email": "nobody@example.com", "password": "whatever1"})
    assert response.status_code == 401
    assert "Wrong email or password." in response.text


def test_login_follows_next_only_within_the_site(client):
    factories.make_user(Role.PLANNER, email="boss@example.com")
    db.session.commit()
    data = {"email": "boss@example.com", "password": factories.PASSWORD}
    response = client.post("/login?next=/admin/outbox", data=data)
    assert response.headers["Location"] == "/admin/outbox"
    client.post("/logout")
    response = client.post("/login?next=https://evil.example.com/", data=data)
    assert response.headers["Location"] == "/budget/placements"


def test_deactivated_account_cannot_log_in(client):
    factories.make_user(Role.PLANNER, email="gone@example.com", active=False)
    db.session.commit()
    response = client.post(
        "/login", data={"email": "gone@example.com", "password": "correct horse battery"}
    )
    # answered as a wrong password would be: the right one is not confirmed to a guesser
    assert response.status_code == 401
    assert "Wrong email or password." in response.text
    assert client.get("/budget/placements").status_code == 302


def test_change_password(client, auth):
    _user, _ = auth.as_merchant(email="shop@example.com")
    response = client.post(
        "/account/password",
        data={
            "current_password": "not my password",
            "password": "new secret 123",
            "confirm": "new secret 123",
        },
    )
    assert "That is not your current password." in response.text
    response = client.post(
        "/account/password",
        data={
            "current_password": factories.PASSWORD,
            "password": "new secret 123",
            "confirm": "new secret 123",
        },
        follow_redirects=True,
    )
    assert "Password changed" in response.text
    assert client.get("/onboarding").status_code == 200  # this session carries on
    client.post("/logout")
    assert auth.login("shop@example.com", "new secret 123").status_code == 302


def reset_link_in_outbox(recipient: str) -> str:
    body = db.session.scalar(
        select(OutboxMessage.body)
        .where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id.desc())
    )
    assert body, f"no mail to {recipient}"
    return re.search(r"http://portal\.test(/reset/\S+)", body).group(1)


def test_password_reset_through_the_outbox_works_once(client):
    factories.make_merchant(email="shop@example.com")
    db.session.commit()
    response = client.post("/reset", data={"email": "shop@example.com"}, follow_redirects=True)
    assert "reset link is on its way" in response.text
    link = reset_link_in_outbox("shop@example.com")

    response = client.post(link, data={"password": "brand new pass", "confirm": "brand new pass"})
    assert response.headers["Location"] == "/login"
    assert (
        client.post(
            "/login", data={"email": "shop@example.com", "password": "brand new pass"}
        ).status_code
        == 302
    )

    client.post("/logout")
    again = client.get(link, follow_redirects=True)
    assert "expired or was already used" in again.text


def test_reset_request_for_an_unknown_email_reveals_nothing(client):
    response = client.post("/reset", data={"email": "nobody@example.com"}, follow_redirects=True)
    assert "reset link is on its way" in response.text
    assert count(OutboxMessage) == 0


def test_expired_reset_link_is_refused(app, client, monkeypatch):
    _user, _ = factories.make_merchant(email="shop@example.com")
    db.session.commit()
    client.post("/reset", data={"email": "shop@example.com"})
    link = reset_link_in_outbox("shop@example.com")
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)
    response = client.get(link, follow_redirects=True)
    assert "expired or was already used" in response.text


def test_reset_form_bad_input_keeps_the_link_working(client):
    factories.make_merchant(email="shop@example.com")
    db.session.commit()
    client.post("/reset", data={"email": "shop@example.com"})
    link = reset_link_in_outbox("shop@example.com")
    response = client.post(link, data={"password": "short", "confirm": "short"})
    assert "between 10 and 128" in response.text
    response = client.post(link, data={"password": "long enough now", "confirm": "different thing"})
    assert "The two passwords differ." in response.text
    assert client.get(link).status_code == 200


def test_reset_request_with_malformed_email(client):
    response = client.post("/reset", data={"email": "no at sign"})
    assert "Enter a valid email address" in response.text
    assert 'value="no at sign"' in response.text


def test_a_session_ended_mid_page_logs_back_in_to_that_page_not_to_the_call_it_made(client):
    """The live quality score (htmx) or a form posted after the session ended sent the login
    back to the address of that call: opened after logging in, a "Not allowed" page."""
    live_score = client.post(
        "/products/quality",
        data={"title": "Watering can"},
        headers={"HX-Request": "true", "HX-Current-URL": "http://portal.test/products/new"},
    )
    assert live_score.status_code == 401
    assert live_score.headers["HX-Redirect"] == "/login?next=/products/new"
    posted = client.post("/store/documents", headers={"Referer": "http://portal.test/store/"})
    assert posted.headers["Location"] == "/login?next=/store/"
    elsewhere = client.post("/store/documents", headers={"Referer": "https://evil.example/x"})
    assert elsewhere.headers["Location"] == "/login"
    assert client.get("/products/new").headers["Location"] == "/login?next=/products/new"
