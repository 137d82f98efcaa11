"""Recovery codes: the way in when the phone with the authenticator is lost. Shown once, kept
only as hashes, each usable once (a conditional update, so two requests cannot both use one)."""

import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

CODE_COUNT = 10
# no 0/o, 1/l: read off paper and typed back
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class RecoveryCode(db.Model):
    __tablename__ = "recovery_codes"
    __table_args__ = (sa.UniqueConstraint("user_id", "code_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # sha256 is enough: a code is 50 random bits and attempts are throttled, not a password
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


def normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isascii() and ch.isalnum())[:64]


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def looks_like_recovery_code(code: str) -> bool:
    # a six-figure authenticator code is all digits; a recovery code has letters in it
    said = normalise(code)
    return len(said) == 10 and any(ch.isalpha() for ch in said)


def forget_recovery_codes(user_id: int) -> None:
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user_id))


def new_recovery_codes(user_id: int) -> list[str]:
    """Replaces the account's codes with fresh ones and returns them, to be shown once."""
    forget_recovery_codes(user_id)
    codes = []
    for _ in range(CODE_COUNT):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        db.session.add(RecoveryCode(user_id=user_id, code_hash=code_hash(raw)))
    return codes


def use_recovery_code(user_id: int, code: str) -> bool:
    used = db.session.execute(
        sa.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == code_hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return used.rowcount == 1


def codes_left(user_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))
    )
