"""A sign-up waiting for its link to be opened. Nothing is stored for it but the mail itself:
the outbox says whether a sign-up link went to an address within the link's lifetime, so a
second sign-up says so (and resends, at most every few minutes) instead of mailing anew."""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..mail.models import OutboxMessage

RESEND_AFTER = timedelta(minutes=5)


def link_lifetime() -> timedelta:
    return timedelta(seconds=current_app.config["SIGNUP_LINK_MAX_AGE"])


def last_signup_link(email: str, now: datetime) -> datetime | None:
    """When the newest still-valid sign-up link was mailed to this address, if one was."""
    return db.session.scalar(
        select(func.max(OutboxMessage.created_at)).where(
            func.lower(OutboxMessage.recipient) == email.lower(),
            OutboxMessage.created_at >= now - link_lifetime(),
            OutboxMessage.body.contains("/signup/"),  # the link to open the store
        )
    )
