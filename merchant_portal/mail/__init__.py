"""Mail: SMTP when MAIL_SERVER is set, and always a copy in the outbox and the log.

Without a mail server (a laptop, a demo, CI) password resets still work: the admin reads the
message in the portal's outbox.
"""

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

from ..extensions import db
from .models import OutboxMessage

log = logging.getLogger(__name__)


def send_mail(recipient: str, subject: str, body: str) -> OutboxMessage:
    config = current_app.config
    delivered_by = "outbox"
    if config.get("MAIL_SERVER"):
        _send_smtp(recipient, subject, body)
        delivered_by = "smtp"
    log.info("mail to %s: %s\n%s", recipient, subject, body)
    message = OutboxMessage(
        recipient=recipient, subject=subject, body=body, delivered_by=delivered_by
    )
    db.session.add(message)
    return message


def _send_smtp(recipient: str, subject: str, body: str) -> None:
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
