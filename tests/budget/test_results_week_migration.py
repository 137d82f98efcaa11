"""Results recorded before weeks existed keep their period and get the week it starts in; two
rows of one store, placement and week become one, without losing or doubling a figure."""

from datetime import date

import sqlalchemy as sa
from flask_migrate import upgrade

from merchant_portal.extensions import db
from tests.test_migrations import empty_database  # noqa: F401  (the fixture)

BEFORE_WEEKS = "5e21ad1a0b02"


def test_existing_results_migrate_to_their_week(make_app, empty_database):  # noqa: F811
    app = make_app(database_url=empty_database)
    with app.app_context():
        upgrade(revision=BEFORE_WEEKS)
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # no users, stores or placements here
                connection.execute(sa.text("SET session_replication_role = replica"))
            rows = [  # (store, placement, first day, last day, clicks, revenue)
                (1, 1, date(2026, 11, 1), date(2026, 11, 14), 1800, 1650),  # a Sunday
                (1, 1, date(2026, 11, 3), date(2026, 11, 9), 600, 450),
                (1, 1, date(2026, 11, 3), date(2026, 11, 9), 600, 450),  # the form saved twice
                (1, 1, date(2026, 11, 5), date(2026, 11, 6), 100, 50),  # same week, another part
                (2, 1, date(2026, 11, 3), date(2026, 11, 9), 70, 30),
            ]
            for store, placement, first, last, clicks, revenue in rows:
                connection.execute(
                    sa.text(
                        "INSERT INTO performance_records (store_id, placement_id, period_start,"
                        " period_end, spend, impressions, clicks, conversions, revenue,"
                        " recorded_by_id, created_at) VALUES (:s, :p, :a, :b, 10, 0, :c, 1,"
                        " :r, 1, :now)"
                    ),
                    {"s": store, "p": placement, "a": first, "b": last, "c": clicks,
                     "r": revenue, "now": "2026-11-20 10:00:00"},
                )  # fmt: skip
        upgrade()
        with db.engine.connect() as connection:
            kept = connection.execute(
                sa.text(
                    "SELECT store_id, week, period_start, period_end, clicks, revenue"
                    " FROM performance_records ORDER BY store_id, week"
                )
            ).all()
    as_text = [(s, str(w)[:10], str(a)[:10], str(b)[:10], c, float(r)) for s, w, a, b, c, r in kept]
    assert as_text == [
        (1, "2026-10-26", "2026-11-01", "2026-11-14", 1800, 1650.0),
        (1, "2026-11-02", "2026-11-03", "2026-11-09", 700, 500.0),
        (2, "2026-11-02", "2026-11-03", "2026-11-09", 70, 30.0),
    ]
