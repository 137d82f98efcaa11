"""What the notebook page reads: the timeline (the manager's entries and the recall actions,
newest first, one page in two statements) and the open and recent tasks."""

from sqlalchemy import literal, select, union_all

from ...auth.models import User
from ...extensions import db
from ...pagination import RowPage, paginate_rows
from ..models import RecallAction
from .models import MerchantContact, NotebookEntry, NotebookTask

RECENT_DONE = 10


def timeline_page(store_id: int) -> RowPage:
    """Rows of (source: entry or recall, kind, body, created_at, author's e-mail, id)."""
    entries = (
        select(
            literal("entry").label("source"),
            NotebookEntry.kind.label("kind"),
            NotebookEntry.body.label("body"),
            NotebookEntry.created_at.label("created_at"),
            User.email.label("author"),
            NotebookEntry.id.label("id"),
        )
        .join(User, User.id == NotebookEntry.author_id)
        .where(NotebookEntry.store_id == store_id)
    )
    recalls = (
        select(
            literal("recall"),
            RecallAction.kind,
            RecallAction.note,
            RecallAction.created_at,
            User.email,
            RecallAction.id,
        )
        .join(User, User.id == RecallAction.actor_id)
        .where(RecallAction.store_id == store_id)
    )
    both = union_all(entries, recalls).subquery()
    return paginate_rows(
        select(both).order_by(both.c.created_at.desc(), both.c.source, both.c.id.desc())
    )


def contact_of(store_id: int) -> MerchantContact | None:
    return db.session.get(MerchantContact, store_id)


def tasks_of(store_id: int) -> list[NotebookTask]:
    """Every open task, soonest due first, then the last few done."""
    open_tasks = db.session.scalars(
        select(NotebookTask)
        .where(NotebookTask.store_id == store_id, NotebookTask.done_at.is_(None))
        .order_by(NotebookTask.due_on, NotebookTask.id)
        .limit(100)
    ).all()
    done = db.session.scalars(
        select(NotebookTask)
        .where(NotebookTask.store_id == store_id, NotebookTask.done_at.is_not(None))
        .order_by(NotebookTask.done_at.desc())
        .limit(RECENT_DONE)
    ).all()
    return [*open_tasks, *done]
