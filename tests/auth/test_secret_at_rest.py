"""Staff TOTP secrets are stored encrypted: the database row holds no usable secret, the
existing ones are encrypted by the migration, and production does not start without a key."""

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet
from flask_migrate import downgrade, upgrade

from merchant_portal import create_app
from merchant_portal.access import Role
from merchant_portal.extensions import db

from .. import factories
from ..test_migrations import empty_database  # noqa: F401 (a fixture)


def stored(user_id: int) -> str:
    return db.session.execute(
        sa.text("SELECT totp_secret FROM users WHERE id = :id"), {"id": user_id}
    ).scalar()


def test_the_database_holds_the_secret_encrypted(app, client, auth):
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    raw = stored(admin.id)
    assert factories.TOTP_SECRET not in raw
    key = app.config["TOTP_ENCRYPTION_KEY"]
    assert Fernet(key).decrypt(raw.encode()).decode() == factories.TOTP_SECRET
    # signing in with the authenticator's code still works
    assert auth.login(admin.email).status_code == 302
    assert client.get("/admin/users").status_code == 200


def test_production_refuses_to_start_without_the_key(monkeypatch):
    config = {"PORTAL_ENV": "production", "SECRET_KEY": "x" * 40, "RATELIMIT_ONE_PROCESS": True,
              "PUBLIC_URL": "https://portal.example.com"}  # fmt: skip
    monkeypatch.delenv("TOTP_ENCRYPTION_KEY", raising=False)
    with pytest.raises(RuntimeError, match="TOTP_ENCRYPTION_KEY is not set"):
        create_app({**config, "TOTP_ENCRYPTION_KEY": None})
    with pytest.raises(RuntimeError, match="not a Fernet key"):
        create_app({**config, "TOTP_ENCRYPTION_KEY": "not-a-key"})


def test_the_migration_encrypts_the_secrets_already_stored(make_app, empty_database):  # noqa: F811
    app = make_app(database_url=empty_database)
    with app.app_context():
        upgrade(revision="e5b1c7d20a14")
        db.session.execute(sa.text(
            "INSERT INTO users (email, password_hash, role, active, session_token, created_at,"
            " totp_secret, totp_failures) VALUES ('a@example.com', 'x', 'admin', true, 't',"
            " '2026-12-01 00:00:00', 'JBSWY3DPEHPK3PXP', 0)"
        ))  # fmt: skip
        db.session.commit()
        upgrade()
        raw = db.session.execute(sa.text("SELECT totp_secret FROM users")).scalar()
        db.session.commit()  # the read's transaction would hold off the downgrade's ALTER
        assert raw != "JBSWY3DPEHPK3PXP"
        assert (
            Fernet(app.config["TOTP_ENCRYPTION_KEY"]).decrypt(raw.encode()) == b"JBSWY3DPEHPK3PXP"
        )
        downgrade(revision="e5b1c7d20a14")
        plain = db.session.execute(sa.text("SELECT totp_secret FROM users")).scalar()
        assert plain == "JBSWY3DPEHPK3PXP"
        db.session.remove()
