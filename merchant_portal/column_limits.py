"""Text longer than its column never reaches the database driver.

SQLite stores any length; PostgreSQL refuses text past ``varchar(n)`` inside the driver, a 500
from whichever form, import or job lacked a Length check (a recall template did). Before every
flush, each String(n) value being written is measured: one too long refuses the request with
400 (nothing is written), on either database, so a test on SQLite finds it too.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session
from werkzeug.exceptions import BadRequest


class TextTooLong(BadRequest):
    description = _l("A text is longer than the portal keeps. Shorten it and try again.")


def _too_long(obj) -> str | None:
    state = inspect(obj)
    for attribute in state.mapper.column_attrs:
        column = attribute.columns[0]
        limit = getattr(column.type, "length", None)
        if not isinstance(column.type, String) or not limit:
            continue
        if state.pending or state.transient:
            values = [state.dict.get(attribute.key)]
        else:
            values = state.attrs[attribute.key].history.added or ()
        if any(isinstance(v, str) and len(v) > limit for v in values):
            return f"{state.mapper.class_.__name__}.{attribute.key} (at most {limit})"
    return None


@event.listens_for(Session, "before_flush")
def refuse_text_longer_than_its_column(session, _context, _instances) -> None:
    for obj in (*session.new, *session.dirty):
        found = _too_long(obj)
        if found:
            raise TextTooLong(f"{found}: {TextTooLong.description}")
