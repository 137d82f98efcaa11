"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from merchant_portal.extensions import db


@pytest.fixture
def empty_database(database_url):
    """A database of its own, so upgrading from nothing does not touch the test tables."""
    url = sa.make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield str(url.set(database=url.database.replace("test.db", f"mig-{uuid.uuid4().hex}.db")))
        return
    name = f"migration_check_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield str(url.set(database=name))
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_from_nothing_matches_the_models(make_app, empty_database):
    app = make_app(database_url=empty_database)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == [], "models changed without a migration: run flask db migrate"
