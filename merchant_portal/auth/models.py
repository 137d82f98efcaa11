import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from ..access import Role
from ..extensions import db
from ..timeutil import utcnow
from .passwords import DUMMY_HASH, hash_password, password_matches
from .secret_box import EncryptedString


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(
        sa.Enum(Role, native_enum=False, length=20, values_callable=lambda e: [r.value for r in e]),
        index=True,
    )
    # indexed: the few switched-off accounts are found without reading every account
    active: Mapped[bool] = mapped_column(default=True, index=True)
    # Part of the session cookie's user id: replacing it signs out every other session.
    session_token: Mapped[str] = mapped_column(sa.String(32), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # The interface and mail language the person chose (merchant_portal.i18n.LOCALES); None
    # follows the browser, and mail the site's DEFAULT_LOCALE.
    locale: Mapped[str | None] = mapped_column(sa.String(10))
    # The second factor (auth/second_factor.py): a TOTP secret, on once a code from it was
    # typed back; the last time step accepted, so a code seen over a shoulder cannot be used
    # again; wrong codes in a row and the lock they earn, held here so every worker sees them.
    # kept encrypted (secret_box): the database holds no usable secret
    totp_secret: Mapped[str | None] = mapped_column(EncryptedString)
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    totp_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    totp_locked_until: Mapped[datetime | None]

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)
        self.end_other_sessions()

    def check_password(self, password: str) -> bool:
        # An account still waiting for its first password costs the same hash as any other, so
        # the time a login takes does not tell such accounts apart.
        matches = password_matches(self.password_hash or DUMMY_HASH, password)
        return matches and self.password_hash is not None

    def end_other_sessions(self) -> None:
        self.session_token = new_session_token()

    # Flask-Login's "alternative id": the cookie holds id and token, so a new token logs out
    # every session that still carries the old one.
    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def has_second_factor(self) -> bool:
        return self.totp_enabled_at is not None and self.totp_secret is not None

    @property
    def is_merchant(self) -> bool:
        return self.role == Role.MERCHANT

    @property
    def is_staff(self) -> bool:
        return self.role != Role.MERCHANT

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
