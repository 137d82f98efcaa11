from urllib.parse import urljoin

from flask import has_request_context, request

from ..auth.models import User
from ..extensions import db
from ..mail import send_mail
from .models import Notification


def notify(
    user: User, subject: str, body: str, link: str | None = None, key: str | None = None
) -> Notification:
    """Into the inbox (``link`` a path in the portal), and by mail through the mail path.

    ``key`` names the event for jobs that may run twice: a second notice with the same key
    is refused by the database (callers skip keys already there first)."""
    notification = Notification(user_id=user.id, subject=subject, body=body, link=link, key=key)
    db.session.add(notification)
    if link and has_request_context():
        body += f"\n\nOpen it in the portal: {urljoin(request.host_url, link)}\n"
    send_mail(user.email, subject, body)
    return notification
