"""The same code, or the same recovery code, sent twice at the same moment passes once.

Runs on whichever database the suite uses (CI: SQLite, then PostgreSQL), each request on a
connection of its own, released together by a barrier."""

import threading

import pyotp

from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.auth.recovery_codes import new_recovery_codes
from merchant_portal.auth.second_factor import Outcome, check_code
from merchant_portal.extensions import db

from .. import factories


def race(app, user_id: int, code: str) -> list[Outcome]:
    barrier = threading.Barrier(2, timeout=10)
    outcomes: list[Outcome] = []

    def attempt() -> None:
        with app.test_request_context():
            try:
                user = db.session.get(User, user_id)
                barrier.wait()
                outcomes.append(check_code(user, code))
                db.session.commit()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_one_totp_code_sent_twice_at_once_signs_in_once(app):
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    outcomes = race(app, admin.id, pyotp.TOTP(factories.TOTP_SECRET).now())
    assert outcomes == sorted([Outcome.ACCEPTED, Outcome.REPLAYED]), outcomes


def test_one_recovery_code_sent_twice_at_once_signs_in_once(app):
    admin = factories.make_user(Role.ADMIN)
    codes = new_recovery_codes(admin.id)
    db.session.commit()
    outcomes = race(app, admin.id, codes[0])
    assert outcomes == sorted([Outcome.ACCEPTED, Outcome.WRONG]), outcomes
