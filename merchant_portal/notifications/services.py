from urllib.parse import urljoin

from flask import has_request_context, request
from flask_babel import gettext as _

from ..auth.models import User
from ..extensions import db
from ..i18n import in_language_of
from ..mail import send_mail
from .models import Notification


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
    if link and has_request_context():
        with in_language_of(user):
            body += "\n\n" + _(
                "Open it in the portal: %(url)s", url=urljoin(request.host_url, link)
            )
            body += "\n"
    send_mail(user.email, subject, body)
    return notification
