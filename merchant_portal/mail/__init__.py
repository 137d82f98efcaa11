"""Mail: queued for the job worker when MAIL_SERVER is set, and always a copy in the outbox and
the log.

No request waits for a mail server: the message is stored, and ``delivery`` sends it once the
transaction that wrote it commits, retrying with back-off. Without a mail server (a laptop, a
demo, CI) password resets still work: the admin reads the message in the portal's outbox.
"""

import logging

from flask import current_app

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
