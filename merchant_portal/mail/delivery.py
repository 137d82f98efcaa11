"""Delivering a queued message over SMTP, in the job worker: retried with back-off, marked
failed (with the server's answer) after the last attempt, and resent from the admin outbox."""

import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage

from flask import current_app
from huey.exceptions import RetryTask
from sqlalchemy import or_, select, update

from ..audit import audit
from ..extensions import db
from ..jobs.queue import enqueue_after_commit, task
from ..jobs.state import SWEEPERS
from ..timeutil import utcnow
from ..transitions import move_once
from .models import FAILED, QUEUED, SENDING, SENT, OutboxMessage

log = logging.getLogger(__name__)


@task()
def deliver_mail(message_id: int) -> None:
    """Send one message unless it is already sent or being sent (a task delivered twice
    sends once)."""
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == QUEUED)
        .values(status=SENDING, attempts=OutboxMessage.attempts + 1, next_attempt_at=utcnow())
    ).rowcount
    db.session.commit()
    if not claimed:
        return
    message = db.session.get(OutboxMessage, message_id)
    config = current_app.config
    try:
        send_smtp(message.recipient, message.subject, message.body)
    except (smtplib.SMTPException, OSError) as error:
        message.error = f"Attempt {message.attempts}: {describe(error)}"
        if message.attempts >= config["MAIL_MAX_ATTEMPTS"]:
            message.status = FAILED
            db.session.commit()
            log.warning("mail %s failed for good: %s", message_id, message.error)
            return
        delay = config["MAIL_RETRY_SECONDS"] * 2 ** (message.attempts - 1)
        message.status, message.next_attempt_at = QUEUED, utcnow() + timedelta(seconds=delay)
        db.session.commit()
        raise RetryTask(message.error, delay=delay) from error
    message.status, message.sent_at, message.error = SENT, utcnow(), None
    db.session.commit()


def describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        text = (
            error.smtp_error.decode(errors="replace")
            if isinstance(error.smtp_error, bytes)
            else str(error.smtp_error)
        )
        return f"the mail server answered {error.smtp_code} {text}"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "the mail server refused the recipient"
    return f"the mail server could not be reached ({error})"


def send_smtp(recipient: str, subject: str, body: str) -> None:
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = recipient
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def resend(message: OutboxMessage, actor_id: int) -> None:
    """A failed message goes back in the queue with its attempts counted afresh."""
    if not move_once(message, "status", (FAILED,), status=QUEUED, attempts=0,
                     next_attempt_at=utcnow()):  # fmt: skip
        raise ValueError("only a failed message is resent")
    audit(actor_id, "outbox_message", message.id, "resend", from_state=FAILED, to_state=QUEUED)
    enqueue_after_commit(deliver_mail, message.id)


def sweep_mail() -> int:
    """Messages whose task was lost (a consumer killed while sending, or before it ran) go
    back in the queue."""
    stale = utcnow() - timedelta(seconds=current_app.config["JOB_STALE_SECONDS"])
    lost = db.session.scalars(
        select(OutboxMessage.id).where(
            or_(OutboxMessage.status == SENDING, OutboxMessage.status == QUEUED),
            OutboxMessage.next_attempt_at < stale,
        )
    ).all()
    for message_id in lost:
        if db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.next_attempt_at < stale)
            .values(status=QUEUED, next_attempt_at=utcnow())
        ).rowcount:
            enqueue_after_commit(deliver_mail, message_id)
    db.session.commit()
    return len(lost)


SWEEPERS.append(sweep_mail)
