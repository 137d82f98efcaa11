"""The second factor: a TOTP code from an authenticator app (RFC 6238, through pyotp), or a
recovery code. Required for admins, optional for other staff; merchants sign in with their
password alone. Each function stages its changes; the view commits once."""

import hmac
import time
from datetime import timedelta
from enum import StrEnum

import pyotp
import segno
import sqlalchemy as sa

from ..access import Role
from ..audit import audit
from ..extensions import db
from ..timeutil import utcnow
from .models import User
from .recovery_codes import (
    forget_recovery_codes,
    looks_like_recovery_code,
    new_recovery_codes,
    use_recovery_code,
)

ISSUER = "Merchant portal"
STEP_SECONDS = 30
# a phone's clock a little off still works: the step before and after are accepted too
DRIFT_STEPS = 1
# guessing six digits: five tries, then a quarter of an hour's wait, whoever asks
MAX_FAILURES = 5
LOCK = timedelta(minutes=15)
STAFF_WITH_SECOND_FACTOR = (Role.REVIEWER, Role.PLANNER, Role.ADMIN)


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    REPLAYED = "replayed"
    LOCKED = "locked"


def required_for(user: User) -> bool:
    return user.role == Role.ADMIN


def may_use(user: User) -> bool:
    return user.role in STAFF_WITH_SECOND_FACTOR


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The QR code as an SVG data address (the CSP allows data: images, not inline markup)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def _digits(code: str) -> str:
    return "".join(ch for ch in (code or "") if ch in "0123456789")


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code ``code`` is, within the allowed drift, or None."""
    code = _digits(code)
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    found = None
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        # every step compared, in constant time, so timing does not tell which one matched
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            found = step
    return found


def is_locked(user: User) -> bool:
    return user.totp_locked_until is not None and user.totp_locked_until > utcnow()


def _count_failure(user: User) -> None:
    # one UPDATE adding one, so failures typed at once on several workers all count
    db.session.execute(
        sa.update(User)
        .where(User.id == user.id)
        .values(
            totp_failures=User.totp_failures + 1,
            totp_locked_until=sa.case(
                (User.totp_failures + 1 >= MAX_FAILURES, utcnow() + LOCK),
                else_=User.totp_locked_until,
            ),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.expire(user, ["totp_failures", "totp_locked_until"])


def _claim_step(user: User, step: int) -> bool:
    """Records ``step`` as used unless it, or a later one, already was: a replayed code, even
    sent twice at once, passes once."""
    moved = db.session.execute(
        sa.update(User)
        .where(
            User.id == user.id,
            sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step, totp_failures=0, totp_locked_until=None)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(user, ["totp_last_step", "totp_failures", "totp_locked_until"])
    return moved.rowcount == 1


def check_code(user: User, code: str, now: float | None = None) -> Outcome:
    """A code typed at sign-in (or to change the factor): a TOTP code or a recovery code."""
    if is_locked(user):
        return Outcome.LOCKED
    step = matching_step(user.totp_secret or "", code, now)
    if step is not None:
        if _claim_step(user, step):
            return Outcome.ACCEPTED
        _count_failure(user)
        _audit(user, "second_factor_replayed")
        return Outcome.REPLAYED
    if looks_like_recovery_code(code) and use_recovery_code(user.id, code):
        user.totp_failures = 0
        _audit(user, "recovery_code_used")
        return Outcome.ACCEPTED
    _count_failure(user)
    if user.totp_failures >= MAX_FAILURES:
        _audit(user, "second_factor_locked")
    return Outcome.WRONG


def turn_on(user: User, secret: str, code: str, now: float | None = None) -> list[str] | None:
    """Turns the factor on once ``code`` proves the app holds ``secret``; returns the recovery
    codes to show once, or None when the code is wrong."""
    step = matching_step(secret, code, now)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    user.totp_failures = 0
    user.totp_locked_until = None
    codes = new_recovery_codes(user.id)
    _audit(user, "second_factor_on")
    return codes


def renew_recovery_codes(user: User) -> list[str]:
    codes = new_recovery_codes(user.id)
    _audit(user, "recovery_codes_renewed")
    return codes


def turn_off(user: User) -> None:
    if required_for(user):
        raise ValueError("admins keep their second factor")  # the page offers no button
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    forget_recovery_codes(user.id)  # old codes die with the factor
    _audit(user, "second_factor_off")


def _audit(user: User, action: str) -> None:
    audit(actor_id=user.id, subject_kind="account", subject_id=user.id, action=action,
          detail={"email": user.email})  # fmt: skip
