import contextvars
import os
from pathlib import Path

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import select

from merchant_portal import create_app
from merchant_portal.auth.models import User
from merchant_portal.extensions import db, limiter

from . import factories

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
UPLOADS = ARTIFACTS / "uploads"  # uploads made by tests, kept apart from the demo's


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """PostgreSQL when TEST_DATABASE_URL says so (CI does), else a fresh SQLite file."""
    url = os.environ.get("TEST_DATABASE_URL")
    return url or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


class SeparateRequestClient(FlaskClient):
    """Runs each request in a fresh context, as a real server does.

    Flask otherwise reuses the test's app context for the request, sharing ``g`` (and the
    signed-in user Flask-Login caches there) and the database session between "devices".
    """

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)  # read and close file responses, as servers do
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():  # redirects followed inside the request have none
            db.session.expire_all()  # the test's next read sees what the request wrote
        return response


def make_test_app(database_url: str, **overrides):
    config = {
        "PORTAL_ENV": "testing",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "portal.test",
        "UPLOAD_FOLDER": str(UPLOADS),
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = SeparateRequestClient
    return app


def dispose_engines(app) -> None:
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture
def make_app(database_url):
    """Another app on the test database with other settings; its connections closed after."""
    made = []

    def make(**overrides):
        made.append(make_test_app(overrides.pop("database_url", database_url), **overrides))
        return made[-1]

    yield make
    for extra in made:
        dispose_engines(extra)


@pytest.fixture(scope="session")
def app(database_url):
    app = make_test_app(database_url)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


# The category tree every test starts with stays between tests while no test changed it:
# loading it through the ORM for each of ~2,400 tests cost minutes of CI's 30.
TREE_TABLES = ("category_attributes", "category_nodes", "document_kinds")


def empty_every_table(keep: tuple[str, ...] = ()) -> None:
    for table in reversed(db.metadata.sorted_tables):
        if table.name not in keep:
            db.session.execute(table.delete())
    db.session.commit()


_LEGACY_ROWS = []
_TREE_AS_LOADED = []


def legacy_tree() -> None:
    """The category tree a migrated database starts with: the 7 categories the portal had in
    code, as leaves under their top categories. Tests that need the whole tree load it."""
    from merchant_portal.onboarding.categories.kinds import seed_document_kinds
    from merchant_portal.onboarding.categories.services import LEGACY_CODES, apply_rows, seed_rows

    seed_document_kinds()  # the tree names the documents its leaves need by these
    db.session.flush()
    if not _LEGACY_ROWS:
        _LEGACY_ROWS.extend(seed_rows(LEGACY_CODES))
    apply_rows(_LEGACY_ROWS)
    db.session.commit()


def tree_rows() -> list:
    tables = [db.metadata.tables[name] for name in TREE_TABLES]
    return [db.session.execute(select(t).order_by(*t.primary_key.columns)).all() for t in tables]


def start_from_the_legacy_tree() -> None:
    if _TREE_AS_LOADED and tree_rows() == _TREE_AS_LOADED[0]:
        return
    for name in TREE_TABLES:
        db.session.execute(db.metadata.tables[name].delete())
    legacy_tree()
    _TREE_AS_LOADED[:] = [tree_rows()]
    db.session.commit()


@pytest.fixture(autouse=True)
def app_context(app):
    """Each test runs inside an app context, starts from the legacy category tree and leaves
    every other table empty behind it."""
    with app.app_context():
        start_from_the_legacy_tree()
        yield
        db.session.rollback()
        empty_every_table(keep=TREE_TABLES)
        db.session.remove()
    limiter.reset()


@pytest.fixture
def client(app):
    return app.test_client()


class Auth:
    """Logs a test client in and out the way a person would, through the login form."""

    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = factories.PASSWORD):
        response = self.client.post("/login", data={"email": email, "password": password})
        if response.headers.get("Location") == "/login/code":
            return self.type_code(email)
        return response

    def type_code(self, email: str):
        """The second step, with the code the person's app shows now. Tests log in many times
        a minute, which a person cannot: each login here stands for one in a later window."""
        import pyotp

        user = db.session.scalar(select(User).where(User.email == email))
        user.totp_last_step = None
        db.session.commit()
        code = pyotp.TOTP(user.totp_secret).now()
        return self.client.post("/login/code", data={"code": code})

    def logout(self):
        return self.client.post("/logout")

    def as_role(self, role):
        user = factories.make_user(role)
        db.session.commit()
        self.login(user.email)
        return user

    def as_merchant(self, **store_fields):
        user, store = factories.make_merchant(**store_fields)
        db.session.commit()
        self.login(user.email)
        return user, store


@pytest.fixture
def auth(client):
    return Auth(client)
