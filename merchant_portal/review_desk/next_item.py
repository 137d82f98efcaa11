"""Where the desk goes from one submission: the one before and after it in the queue as the
reviewer filtered it, in the queue's own order (oldest first), so deciding lands on the next
without a trip back to the list. A few statements per page, whatever the queue's length."""

from urllib.parse import parse_qsl, urlencode

from flask import request
from sqlalchemy import select, tuple_

from ..extensions import db
from .queue import QueueFilters, _all_kinds, queue_query

FILTER_KEYS = ("kind", "status", "older_than_days", "assignee", "spot")


def filter_args() -> dict[str, str]:
    """The queue's filters: the list's own query string, or on a submission's page the ``q``
    it was opened with (one parameter: the page's own ``kind`` is the submission's)."""
    source = request.args
    if request.endpoint not in ("review.queue", "review.bulk"):
        source = dict(parse_qsl((request.args.get("q") or "")[:400]))
    return {key: source.get(key)[:40] for key in FILTER_KEYS if source.get(key)}


def carried() -> dict[str, str]:
    """What a link to a submission carries so the desk remembers the list it came from."""
    args = filter_args()
    return {"q": urlencode(args)} if args else {}


def current_filters() -> QueueFilters:
    return QueueFilters.from_args(filter_args())


def _position(kind: str, subject_id: int):
    queue = _all_kinds()
    return db.session.execute(
        select(queue.c.submitted_at, queue.c.kind, queue.c.id).where(
            queue.c.kind == kind, queue.c.id == subject_id
        )
    ).first()


def neighbours(filters: QueueFilters, user_id: int, kind: str, subject_id: int):
    """((kind, id) before, (kind, id) after) in the filtered queue; None where there is none."""
    here = _position(kind, subject_id)
    if here is None or here.submitted_at is None:
        return None, first_in(filters, user_id, exclude=(kind, subject_id))
    listed = queue_query(filters, user_id).subquery()
    key = tuple_(listed.c.submitted_at, listed.c.kind, listed.c.id)
    mark = tuple_(here.submitted_at, here.kind, here.id)
    before = db.session.execute(
        select(listed.c.kind, listed.c.id)
        .where(key < mark)
        .order_by(listed.c.submitted_at.desc(), listed.c.kind.desc(), listed.c.id.desc())
        .limit(1)
    ).first()
    after = db.session.execute(
        select(listed.c.kind, listed.c.id)
        .where(key > mark)
        .order_by(listed.c.submitted_at, listed.c.kind, listed.c.id)
        .limit(1)
    ).first()
    return (tuple(before) if before else None), (tuple(after) if after else None)


def first_in(filters: QueueFilters, user_id: int, exclude=None):
    listed = queue_query(filters, user_id).subquery()
    query = select(listed.c.kind, listed.c.id)
    if exclude:
        query = query.where(tuple_(listed.c.kind, listed.c.id) != tuple_(*exclude))
    row = db.session.execute(
        query.order_by(listed.c.submitted_at, listed.c.kind, listed.c.id).limit(1)
    ).first()
    return tuple(row) if row else None


def next_after_decision(filters: QueueFilters, user_id: int, kind: str, subject_id: int):
    """The next one still in the filter after a decision moved this one out of it; the
    oldest skipped one when it was the last; None when the filter is empty."""
    _before, after = neighbours(filters, user_id, kind, subject_id)
    return after or first_in(filters, user_id, exclude=(kind, subject_id))
