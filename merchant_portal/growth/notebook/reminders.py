"""Task reminders, sent by the queue's scheduler: each task's reminder goes to its owner's
inbox and mail once. The database holds "once": a conditional update claims the task
(``reminded_at`` from empty), and the notice carries a key the inbox refuses twice, so two
consumers' schedulers or a retried task never remind twice."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, url_for
from flask_babel import force_locale, format_date
from huey import crontab
from sqlalchemy import select

from ...auth.models import User
from ...extensions import db
from ...i18n import _, recipient_locale
from ...jobs.queue import periodic_task
from ...notifications.services import notify
from ...onboarding.store.models import Store
from ...timeutil import utcnow
from ...transitions import move_once
from .models import NotebookTask

BATCH = 500


def send_due_reminders(now: datetime | None = None) -> int:
    """Reminds of every open task whose reminder day has come in the site's time zone; the
    caller commits. Returns how many were sent."""
    now = now or utcnow()
    local_today = (
        now.replace(tzinfo=ZoneInfo("UTC"))
        .astimezone(ZoneInfo(current_app.config["TIMEZONE"]))
        .date()
    )
    due = db.session.execute(
        select(NotebookTask, User, Store.name)
        .join(User, User.id == NotebookTask.owner_id)
        .join(Store, Store.id == NotebookTask.store_id)
        .where(
            NotebookTask.remind_on <= local_today,
            NotebookTask.reminded_at.is_(None),
            NotebookTask.done_at.is_(None),
            User.active.is_(True),
        )
        .order_by(NotebookTask.id)
        .limit(BATCH)
    ).all()
    sent = 0
    base = current_app.config.get("PUBLIC_URL") or "http://localhost/"
    with current_app.test_request_context(base_url=base):
        for task, owner, store_name in due:
            if not move_once(task, "reminded_at", (None,), reminded_at=now):
                continue  # another consumer sent it first
            with force_locale(recipient_locale(owner)):
                subject = _("Reminder: %(task)s (%(store)s)", task=task.title, store=store_name)
                body = _(
                    "%(task)s for %(store)s is due on %(day)s.",
                    task=task.title,
                    store=store_name,
                    day=format_date(task.due_on, "medium"),
                )
            notify(owner, subject, body, url_for("growth.notebook", store_id=task.store_id),
                   key=f"notebook-task-{task.id}")  # fmt: skip
            sent += 1
    return sent


@periodic_task(crontab(minute="*/10"))
def remind_tasks() -> None:
    send_due_reminders()
    db.session.commit()
