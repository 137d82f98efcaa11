from typing import NamedTuple
from urllib.parse import urljoin

from flask import has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import insert

from ..auth.models import User
from ..extensions import db
from ..i18n import in_language_of
from ..mail import send_mail, send_mails
from ..timeutil import utcnow
from .models import Notification
from .queries import forget_unread


def notify(
    user: User, subject: str, body: str, link: str | None = None, key: str | None = None
) -> Notification:
    """Into the inbox (``link`` a path in the portal), and by mail through the mail path.

    ``key`` names the event for jobs that may run twice: a second notice with the same key
    is refused by the database (callers skip keys already there first). Callers compose
    ``subject`` and ``body`` inside ``in_language_of(user)``, so both speak the recipient's
    language."""
    notification = Notification(user_id=user.id, subject=subject, body=body, link=link, key=key)
    db.session.add(notification)
    send_mail(user.email, subject, _mail_body(user, body, link))
    forget_unread()
    return notification


def _mail_body(user: User, body: str, link: str | None) -> str:
    if link and has_request_context():
        with in_language_of(user):
            body += "\n\n" + _(
                "Open it in the portal: %(url)s", url=urljoin(request.host_url, link)
            )
            body += "\n"
    return body


class Notice(NamedTuple):
    user: User
    subject: str
    body: str
    link: str | None = None
    key: str | None = None


def notify_many(notices: list[Notice]) -> None:
    """``notify`` for many at once: one INSERT for the notices and one for their mail, however
    many (a job telling thousands of merchants wrote two statements for each)."""
    if not notices:
        return
    forget_unread()
    now = utcnow()
    db.session.execute(
        insert(Notification),
        [
            {"user_id": n.user.id, "subject": n.subject, "body": n.body, "link": n.link,
             "key": n.key, "created_at": now}
            for n in notices
        ],
    )  # fmt: skip
    send_mails([(n.user.email, n.subject, _mail_body(n.user, n.body, n.link)) for n in notices])
