"""Runs stored before shares were numbered get their numbers in store name order, run by run,
so their share lists page as a new run's do."""

import sqlalchemy as sa
from flask_migrate import upgrade

from merchant_portal.extensions import db
from tests.test_migrations import empty_database  # noqa: F401  (the fixture)

BEFORE_POSITIONS = "b5d1c8e2f417"


def test_stored_runs_are_numbered_in_store_name_order(make_app, empty_database):  # noqa: F811
    app = make_app(database_url=empty_database)
    with app.app_context():
        upgrade(revision=BEFORE_POSITIONS)
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # no users or runs here
                connection.execute(sa.text("SET session_replication_role = replica"))
            for store, name in ((1, "乙 Goods"), (2, "Apple"), (3, "Banana"), (4, "Apple")):
                connection.execute(
                    sa.text(
                        "INSERT INTO stores (id, merchant_id, name, status, created_at)"
                        " VALUES (:id, :id, :name, 'approved', '2026-11-20 10:00:00')"
                    ),
                    {"id": store, "name": name},
                )
            plans = [(10, 1, 7), (11, 2, 7), (12, 3, 7), (13, 4, 7), (14, 3, 8), (15, 1, None)]
            for plan, store, run in plans:
                connection.execute(
                    sa.text(
                        "INSERT INTO budget_plans (id, store_id, created_by_id, kind, objective,"
                        " budget, request, result, created_at, platform_run_id) VALUES (:id, :s,"
                        " 1, 'platform', 'revenue', 100, '{}', '{}', '2026-11-20 10:00:00', :r)"
                    ),
                    {"id": plan, "s": store, "r": run},
                )
        upgrade()
        with db.engine.connect() as connection:
            numbered = connection.execute(
                sa.text("SELECT id, list_position FROM budget_plans ORDER BY id")
            ).all()
    # run 7: Apple (store 2), Apple (store 4), Banana, 乙 Goods; run 8 alone; a store's own plan none
    assert [tuple(row) for row in numbered] == [
        (10, 4), (11, 1), (12, 3), (13, 2), (14, 1), (15, None)
    ]  # fmt: skip
