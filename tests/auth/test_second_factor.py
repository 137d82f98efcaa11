"""Two-step sign-in: admins must, other staff may; codes cannot be replayed or guessed, and a
recovery code works once."""

import re

import pyotp
import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.auth.models import User
from merchant_portal.auth.recovery_codes import RecoveryCode
from merchant_portal.auth.second_factor import MAX_FAILURES
from merchant_portal.extensions import db

from .. import factories

SECRET = factories.TOTP_SECRET


def password_step(client, user):
    return client.post("/login", data={"email": user.email, "password": factories.PASSWORD})


def signed_in(client) -> bool:
    return client.get("/inbox/").status_code == 200


def actions(user) -> list[str]:
    return list(db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.subject_id == user.id).order_by(AuditEvent.id)
    ))  # fmt: skip


def set_up(client, user) -> list[str]:
    """Turns the factor on as a person does: reads the key off the page, types a code."""
    page = client.get("/account/two-step")
    assert page.status_code == 200 and 'src="data:image/svg+xml' in page.text
    secret = re.search(r'<code class="secret">([A-Z2-7]{32})</code>', page.text).group(1)
    done = client.post("/account/two-step", data={"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and "Two-step sign-in is on" in done.text
    return re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", done.text)


def test_an_admin_without_a_second_factor_is_sent_to_set_it_up(client):
    admin = factories.make_user(Role.ADMIN, second_factor=False)
    db.session.commit()
    assert password_step(client, admin).status_code == 302
    for page in ("/admin/users", "/review/", "/inbox/"):
        response = client.get(page)
        assert response.status_code == 302 and response.headers["Location"] == "/account/two-step"
    codes = set_up(client, admin)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/users").status_code == 200
    # the codes are kept only as hashes, and shown no more
    stored = list(db.session.scalars(select(RecoveryCode.code_hash)))
    assert len(stored) == 10 and not {c.replace("-", "") for c in codes} & set(stored)
    assert codes[0] not in client.get("/account/two-step").text
    assert "second_factor_on" in actions(admin)


def test_a_wrong_set_up_code_turns_nothing_on_and_says_so(client, auth):
    admin = auth.as_role(Role.REVIEWER)
    response = client.post("/account/two-step", data={"code": "000000"})
    assert response.status_code == 400 and "does not match" in response.text
    db.session.refresh(admin)
    assert not admin.has_second_factor


def test_the_password_alone_does_not_sign_an_admin_in(client):
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    assert password_step(client, admin).headers["Location"] == "/login/code"
    assert not signed_in(client)
    response = client.post("/login/code", data={"code": pyotp.TOTP(SECRET).now()})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users"
    assert signed_in(client)
    db.session.refresh(admin)
    assert admin.last_login_at is not None


def test_the_page_asked_for_before_login_opens_after_the_code(client):
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    data = {"email": admin.email, "password": factories.PASSWORD}
    client.post("/login?next=/admin/outbox", data=data)
    response = client.post("/login/code", data={"code": pyotp.TOTP(SECRET).now()})
    assert response.headers["Location"] == "/admin/outbox"


def test_a_code_cannot_be_used_twice(client, app):
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    code = pyotp.TOTP(SECRET).now()
    password_step(client, admin)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    thief = app.test_client()  # saw the code over a shoulder, knows the password
    password_step(thief, admin)
    replayed = thief.post("/login/code", data={"code": code})
    assert replayed.status_code == 401 and "already used" in replayed.text
    assert not signed_in(thief)
    assert "second_factor_replayed" in actions(admin)


def test_guessing_codes_is_stopped_after_a_few_tries(client):
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    password_step(client, admin)
    right = pyotp.TOTP(SECRET).now()
    wrong = [f"{(int(right) + n) % 1_000_000:06d}" for n in range(1, 40)]
    wrong = [w for w in wrong if w != right][:MAX_FAILURES]
    for guess in wrong:
        assert client.post("/login/code", data={"code": guess}).status_code == 401
    locked = client.post("/login/code", data={"code": right})
    assert locked.status_code == 429 and "Too many wrong codes" in locked.text
    assert not signed_in(client)
    assert "second_factor_locked" in actions(admin)
    # the lock is on the account, not the browser: a new session is locked too
    db.session.refresh(admin)
    assert admin.totp_locked_until is not None and admin.totp_failures == MAX_FAILURES


def test_a_recovery_code_signs_in_once(client, app):
    admin = factories.make_user(Role.ADMIN, second_factor=False)
    db.session.commit()
    password_step(client, admin)
    codes = set_up(client, admin)
    client.post("/logout")
    password_step(client, admin)
    assert client.post("/login/code", data={"code": codes[3].upper()}).status_code == 302
    assert signed_in(client)
    other = app.test_client()
    password_step(other, admin)
    reused = other.post("/login/code", data={"code": codes[3]})
    assert reused.status_code == 401 and not signed_in(other)
    assert "recovery_code_used" in actions(admin)
    left = db.session.scalar(
        select(func.count()).select_from(RecoveryCode).where(RecoveryCode.used_at.is_(None))
    )
    assert left == 9


def test_reviewers_choose_and_can_turn_it_off_with_a_code(client, auth):
    reviewer = auth.as_role(Role.REVIEWER)
    assert client.get("/review/").status_code == 200  # not required: nothing in the way
    set_up(client, reviewer)
    db.session.refresh(reviewer)
    assert reviewer.has_second_factor
    refused = client.post("/account/two-step/off", data={"off-code": "123"})
    assert refused.status_code == 400 and "not right" in refused.text
    reviewer.totp_last_step = None  # a later window
    db.session.commit()
    code = pyotp.TOTP(reviewer.totp_secret).now()
    assert client.post("/account/two-step/off", data={"off-code": code}).status_code == 302
    db.session.refresh(reviewer)
    assert not reviewer.has_second_factor
    assert db.session.scalar(select(func.count()).select_from(RecoveryCode)) == 0
    assert actions(reviewer)[-1] == "second_factor_off"


def test_admins_cannot_turn_it_off(client, auth):
    admin = auth.as_role(Role.ADMIN)
    page = client.get("/account/two-step")
    assert "Turn off" not in page.text
    code = pyotp.TOTP(SECRET).now()
    client.post("/account/two-step/off", data={"off-code": code})
    db.session.refresh(admin)
    assert admin.has_second_factor


def test_new_recovery_codes_replace_the_old_ones(client, auth):
    admin = auth.as_role(Role.ADMIN)
    db.session.execute(select(User))  # keep the session live
    admin.totp_last_step = None
    db.session.commit()
    renewed = client.post(
        "/account/two-step/recovery-codes", data={"renew-code": pyotp.TOTP(SECRET).now()}
    )
    assert renewed.status_code == 200 and "no longer work" in renewed.text
    assert db.session.scalar(select(func.count()).select_from(RecoveryCode)) == 10


def test_the_code_step_lapses_when_the_password_changes(client, app):
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    password_step(client, admin)
    admin.end_other_sessions()  # a reset elsewhere
    db.session.commit()
    response = client.post("/login/code", data={"code": pyotp.TOTP(SECRET).now()})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert not signed_in(client)


@pytest.mark.parametrize(
    "code", ["", " ", "x" * 5000, "12345", "1234567", "\u0661\u0662\u0663\u0664\u0665\u0666",
             "' OR 1=1 --", "a\x00b", "NaN"],
)  # fmt: skip
def test_odd_codes_are_refused_in_words(client, code):
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    password_step(client, admin)
    response = client.post("/login/code", data={"code": code})
    assert response.status_code in (400, 401) and not signed_in(client)


def test_the_code_page_speaks_chinese(client):
    admin = factories.make_user(Role.ADMIN, locale="zh_Hans")
    db.session.commit()
    password_step(client, admin)
    page = client.get("/login/code", headers={"Accept-Language": "zh-CN"})
    assert "两步" in page.text and "Two-step" not in page.text
