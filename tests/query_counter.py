from contextlib import contextmanager

from sqlalchemy import event

from merchant_portal.extensions import db


@contextmanager
def count_queries():
    """Counts the SQL statements the app sends while the block runs."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
