"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from merchant_portal.extensions import db
from merchant_portal.i18n.name_order import compared


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


# Alembic says it cannot compare the pinyin index on SQLite, where it does not exist either
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_upgrade_from_nothing_matches_the_models(make_app, empty_database):
    app = make_app(database_url=empty_database)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_object": compared})
            differences = compare_metadata(context, db.metadata)
            indexes = {i["name"] for i in sa.inspect(connection).get_indexes("stores")}
    assert differences == [], "models changed without a migration: run flask db migrate"
    # written by hand in its migration, so compared here by name (see name_order.compared)
    on_postgresql = sa.make_url(empty_database).get_backend_name() == "postgresql"
    assert ("ix_stores_name_pinyin_id" in indexes) == on_postgresql


def test_each_store_s_merchant_becomes_its_owner(make_app, empty_database):
    """Stores opened before teams keep running: the merchant who ran each alone is its owner,
    and signs in to the same store as before."""
    app = make_app(database_url=empty_database)
    with app.app_context():
        upgrade(revision="c3d9e5a17b40")
        with db.engine.begin() as connection:
            for n in (1, 2):
                connection.execute(
                    sa.text(
                        "INSERT INTO users (id, email, role, active, session_token, created_at)"
                        " VALUES (:id, :email, 'merchant', :yes, 'x', '2026-01-01')"
                    ),
                    {"id": n, "email": f"m{n}@example.com", "yes": True},
                )
                connection.execute(
                    sa.text(
                        "INSERT INTO stores (id, merchant_id, name, status, created_at)"
                        " VALUES (:id, :user, :name, 'approved', '2026-01-02')"
                    ),
                    {"id": n * 10, "user": n, "name": f"Store {n}"},
                )
        upgrade()
        with db.engine.connect() as connection:
            members = connection.execute(
                sa.text("SELECT store_id, user_id, role FROM store_members ORDER BY store_id")
            ).all()
    assert [tuple(m) for m in members] == [(10, 1, "owner"), (20, 2, "owner")]
