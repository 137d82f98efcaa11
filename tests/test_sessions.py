"""Sessions end when they should, logins reveal no accounts, and throttling counts failures
per account and per address."""

import difflib
import re

import pytest
from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.auth import passwords
from merchant_portal.auth.models import User
from merchant_portal.extensions import db

from . import factories

WRONG = "not the password"


def login(client, email: str, password: str = factories.PASSWORD, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


def copy_cookies(source, target, names) -> None:
    for name in names:
        cookie = source.get_cookie(name, domain="portal.test")
        assert cookie is not None, f"no {name} cookie to copy"
        target.set_cookie(name, cookie.value, domain="portal.test")


@pytest.mark.parametrize("stolen", [("session",), ("remember_token",)])
def test_a_copied_cookie_stops_working_after_logout(app, stolen):
    factories.make_merchant(email="shop@example.com")
    db.session.commit()
    owner, thief = app.test_client(), app.test_client()
    login(owner, "shop@example.com", remember="y")
    copy_cookies(owner, thief, stolen)
    assert thief.get("/onboarding").status_code == 200  # the copy works while signed in

    owner.post("/logout")
    assert owner.get("/onboarding").status_code == 302
    assert thief.get("/onboarding").status_code == 302
    assert thief.get("/onboarding").headers["Location"].startswith("/login")


def test_logging_in_again_after_logout_works(client):
    factories.make_merchant(email="shop@example.com")
    db.session.commit()
    login(client, "shop@example.com")
    client.post("/logout")
    assert login(client, "shop@example.com").status_code == 302
    assert client.get("/onboarding").status_code == 200


def csrf_token_in(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_the_csrf_token_changes_at_login(make_app):
    """A token planted or seen before login is worth nothing once the person signs in."""
    factories.make_merchant(email="shop@example.com")
    db.session.commit()
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    before = csrf_token_in(client.get("/login").text)
    login(client, "shop@example.com", csrf_token=before)
    assert client.get("/onboarding").status_code == 200

    refused = client.post("/logout", data={"csrf_token": before})
    assert refused.status_code == 400 and "The form expired" in refused.text
    after = csrf_token_in(client.get("/account/password").text)
    assert client.post("/logout", data={"csrf_token": after}).status_code == 302
    assert client.get("/onboarding").status_code == 302


@pytest.fixture
def hash_runs(monkeypatch) -> list[str]:
    """Each password hash verified during a request (what makes a login take its time)."""
    runs: list[str] = []
    hasher = passwords._hasher

    class Counting:
        def verify(self, stored, password):
            runs.append(stored)
            return hasher.verify(stored, password)

    monkeypatch.setattr(passwords, "_hasher", Counting())
    return runs


def test_login_answers_alike_for_unknown_passwordless_deactivated_and_wrong(client, hash_runs):
    factories.make_user(Role.MERCHANT, email="known@example.com")
    factories.make_user(Role.PLANNER, email="invited@example.com").password_hash = None
    factories.make_user(Role.PLANNER, email="gone@example.com", active=False)
    db.session.commit()
    answers = {}
    for email in ("nobody@example.com", "invited@example.com", "gone@example.com",
                  "known@example.com"):  # fmt: skip
        hash_runs.clear()
        response = login(client, email, WRONG)
        # the page's CSRF token is signed with the time (to the second: a slow log-in crosses
        # one), wherever it stands: the rest must be identical
        page = response.text.replace(email, "EMAIL")
        page = re.sub(r"X-CSRFToken\": \"[^\"]+", "", page)
        page = re.sub(r'name="csrf_token"( type="hidden")? value="[^"]+"', "", page)
        answers[email] = (response.status_code, page)
        assert len(hash_runs) == 1, f"{email}: {len(hash_runs)} hashes run"
    first = answers["nobody@example.com"]
    for email, answer in answers.items():
        differs = "\n".join(
            difflib.unified_diff(first[1].splitlines(), answer[1].splitlines(), lineterm="", n=1)
        )
        assert answer == first, (
            f"{email} is answered differently from an unknown address:\n{differs}"
        )
    assert answers["known@example.com"][0] == 401
    assert "Wrong email or password." in answers["known@example.com"][1]


def throttled_app(make_app, per_address: str, per_account: str):
    return make_app(LOGIN_RATE_LIMIT=per_address, LOGIN_ACCOUNT_RATE_LIMIT=per_account)


def test_one_colleagues_typos_do_not_lock_out_the_office(make_app):
    """Failures count per account: after three typos only that account waits."""
    for name in ("ada", "bob"):
        factories.make_merchant(email=f"{name}@example.com")
    db.session.commit()
    office = throttled_app(make_app, "20 per minute", "3 per minute").test_client()
    assert [login(office, "ada@example.com", WRONG).status_code for _ in range(3)] == [401] * 3
    assert login(office, "ada@example.com").status_code == 429  # even the right password waits
    assert login(office, "bob@example.com").status_code == 302  # the colleague logs in


def test_an_account_under_attack_is_throttled_from_every_address(make_app):
    factories.make_merchant(email="ada@example.com")
    db.session.commit()
    app = throttled_app(make_app, "20 per minute", "3 per minute")
    codes = [
        app.test_client()
        .post(
            "/login",
            data={"email": "Ada@Example.com ", "password": WRONG},
            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
        )
        .status_code
        for n in range(1, 5)
    ]
    assert codes == [401, 401, 401, 429]


def test_one_address_guessing_many_accounts_is_throttled_higher(make_app):
    app = throttled_app(make_app, "5 per minute", "3 per minute")
    client = app.test_client()
    codes = [login(client, f"user{n}@example.com", WRONG).status_code for n in range(6)]
    assert codes == [401] * 5 + [429]
    page = login(client, "someone@example.com", WRONG)
    assert "Too many attempts" in page.text


def test_successful_logins_are_not_counted(make_app):
    factories.make_merchant(email="ada@example.com")
    db.session.commit()
    app = throttled_app(make_app, "3 per minute", "2 per minute")
    for _ in range(5):
        client = app.test_client()
        assert login(client, "ada@example.com").status_code == 302
    assert db.session.scalar(select(User.last_login_at)) is not None


def test_password_changes_resets_and_log_outs_are_audited(client):
    """Found by the attack pass: each ends sessions (a change of state) and wrote no event."""
    from merchant_portal.audit import AuditEvent

    from .auth.test_auth import reset_link_in_outbox

    user, _ = factories.make_merchant(email="shop@example.com")
    db.session.commit()
    login(client, "shop@example.com")
    changed = client.post("/account/password", data={"current_password": factories.PASSWORD,
                          "password": "a new long secret", "confirm": "a new long secret"})  # fmt: skip
    assert changed.status_code == 302
    client.post("/logout")
    client.post("/reset", data={"email": "shop@example.com"})
    db.session.expire_all()
    reset = client.post(reset_link_in_outbox("shop@example.com"),
                        data={"password": "a third long secret", "confirm": "a third long secret"})  # fmt: skip
    assert reset.status_code == 302
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.subject_kind == "account").order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.actor_id, e.subject_id) for e in events] == [
        ("log_in", user.id, user.id),
        ("change_password", user.id, user.id),
        ("log_out", user.id, user.id),
        ("reset_password", user.id, user.id),
    ]
