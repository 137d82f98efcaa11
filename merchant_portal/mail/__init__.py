"""Mail: queued for the job worker when MAIL_SERVER is set, and always a copy in the outbox and
the log.

No request waits for a mail server: the message is stored, and ``delivery`` sends it once the
transaction that wrote it commits, retrying with back-off. Without a mail server (a laptop, a
demo, CI) password resets still work: the admin reads the message in the portal's outbox.
"""

import logging

from flask import current_app
from sqlalchemy import insert

from ..extensions import db
from ..jobs.queue import enqueue_after_commit
from ..timeutil import utcnow
from .delivery import deliver_mail
from .models import LOGGED, QUEUED, OutboxMessage

log = logging.getLogger(__name__)


def send_mail(recipient: str, subject: str, body: str) -> OutboxMessage:
    log.info("mail to %s: %s\n%s", recipient, subject, body)
    if not current_app.config.get("MAIL_SERVER"):
        message = OutboxMessage(
            recipient=recipient, subject=subject, body=body, delivered_by="outbox", status=LOGGED
        )
        db.session.add(message)
        return message
    message = OutboxMessage(
        recipient=recipient,
        subject=subject,
        body=body,
        delivered_by="smtp",
        status=QUEUED,
        next_attempt_at=utcnow(),
    )
    db.session.add(message)
    db.session.flush()  # its id, for the task
    enqueue_after_commit(deliver_mail, message.id)
    return message


def send_mails(messages: list[tuple[str, str, str]]) -> None:
    """``send_mail`` for many (recipient, subject, body) at once: one INSERT for them all (a
    job telling thousands of merchants wrote one statement per message)."""
    if not messages:
        return
    for recipient, subject, body in messages:
        log.info("mail to %s: %s\n%s", recipient, subject, body)
    server = bool(current_app.config.get("MAIL_SERVER"))
    now = utcnow()
    rows = [
        {
            "recipient": recipient,
            "subject": subject,
            "body": body,
            "delivered_by": "smtp" if server else "outbox",
            "status": QUEUED if server else LOGGED,
            "attempts": 0,
            "next_attempt_at": now if server else None,
            "created_at": now,
        }
        for recipient, subject, body in messages
    ]
    if not server:
        db.session.execute(insert(OutboxMessage), rows)
        return
    ids = db.session.scalars(
        insert(OutboxMessage).returning(OutboxMessage.id, sort_by_parameter_order=True), rows
    ).all()
    for message_id in ids:
        enqueue_after_commit(deliver_mail, message_id)
