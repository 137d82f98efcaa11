"""Moving a row from one state to the next once, however many requests ask at the same moment.

A check in Python ("is it still failed?") followed by an ORM write lets two requests both pass
the check, and a write by primary key overwrites whatever state another transaction committed
meanwhile. ``move_once`` is one conditional UPDATE: the database lets exactly one request
through; the other waits on the row lock, then finds the state moved and is told so.
"""

from sqlalchemy import false, or_, select, update
from sqlalchemy.exc import IntegrityError

from .extensions import db


class RowGone(LookupError):
    """The row to move was deleted by another request first."""


def move_once(obj, column: str, allowed: tuple, **values) -> bool:
    """Sets ``values`` on ``obj``'s row only while its ``column`` is one of ``allowed``;
    True if this request moved it (``obj``'s moved columns are read again when next used),
    False if another did first (``obj`` is then refreshed: it shows the state that won);
    raises :class:`RowGone` if another deleted it."""
    model = type(obj)
    state = getattr(model, column)
    known = [value for value in allowed if value is not None]
    matches = or_(state.in_(known), state.is_(None)) if None in allowed else state.in_(known)
    moved = db.session.execute(
        update(model)
        .where(model.id == obj.id, matches)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        if db.session.scalar(select(model.id).where(model.id == obj.id)) is None:
            # deleted meanwhile (a merchant discarding the change a reviewer decides):
            # refreshing it raised InvalidRequestError, a 500 for the one who came second
            raise RowGone(f"{model.__name__} #{obj.id}")
        db.session.refresh(obj)
        return False
    db.session.expire(obj, list(values))
    return True


def write_lock_first(model) -> None:
    """SQLite has no row locks and ignores ``FOR UPDATE``: a transaction that reads and then
    writes does not wait for another doing the same, so both act on what they read. Taking
    SQLite's write lock before reading (a write of nothing) makes the second wait its turn,
    as ``FOR UPDATE`` does on PostgreSQL. Nothing on other databases."""
    if db.session.get_bind().dialect.name == "sqlite":
        key = model.__mapper__.primary_key[0]
        db.session.execute(update(model).where(false()).values({key.name: key}))


def read_locked(obj) -> None:
    """``obj`` read again under its row's lock (SQLite: its write lock): a save that waited
    for another starts from what that one committed, not from what it read before. Raises
    :class:`RowGone` if another deleted it (an import undone while a listing was saved)."""
    model = type(obj)
    write_lock_first(model)
    if db.session.get(model, obj.id, with_for_update=True, populate_existing=True) is None:
        raise RowGone(f"{model.__name__} #{obj.id}")  # deleted while this one waited


def insert_once(row) -> bool:
    """Inserts ``row``, or answers False when its ``form_key`` is saved already: the unique
    index on the key holds "once" for a form sent twice, at once or one after the other.
    The savepoint is taken inside the transaction: on SQLite the driver begins it at the
    first write, and a savepoint before one was a transaction of its own, its release a
    commit that a later failure in the same request could not undo."""
    write_lock_first(type(row))
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        if row.form_key is None:
            raise
        return False
    return True
