"""Secrets kept encrypted at rest (a staff member's TOTP secret): a copy of the database
alone does not hand out second factors. Fernet (AES with an HMAC) from ``cryptography``,
keyed by TOTP_ENCRYPTION_KEY; the application reads and writes the plain secret."""

import sqlalchemy as sa
from cryptography.fernet import Fernet
from flask import current_app

ENCRYPTED_LENGTH = 255  # a 32-character secret is 120 characters once encrypted


def box(key: str | None = None) -> Fernet:
    return Fernet(key or current_app.config["TOTP_ENCRYPTION_KEY"])


def check_key(key: str | None) -> None:
    """Refuses a missing or malformed key when the app starts, not at the first sign-in."""
    if not key:
        raise RuntimeError(
            "TOTP_ENCRYPTION_KEY is not set: staff second-factor secrets are stored "
            "encrypted with it. Make one with: python -c 'from cryptography.fernet import "
            "Fernet; print(Fernet.generate_key().decode())'"
        )
    try:
        Fernet(key)
    except (ValueError, TypeError) as problem:
        raise RuntimeError(f"TOTP_ENCRYPTION_KEY is not a Fernet key: {problem}") from None


class EncryptedString(sa.TypeDecorator):
    impl = sa.String(ENCRYPTED_LENGTH)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else box().encrypt(value.encode()).decode()

    def process_result_value(self, value, dialect):
        return None if value is None else box().decrypt(value.encode()).decode()
