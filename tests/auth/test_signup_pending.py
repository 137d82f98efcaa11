"""Signing up again with an address whose sign-up link is still waiting says the link was
already sent (nothing mailed), and offers a resend that is throttled: no flood of mails, no
second store, no second account."""

from datetime import timedelta

from sqlalchemy import select

from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.mail.models import OutboxMessage
from merchant_portal.onboarding.store.models import Store

from .test_auth import GOOD_PASSWORD, GOOD_SIGNUP, count, signup_link_in_outbox


def test_a_pending_signup_is_said_and_resent_only_on_request_and_not_too_often(client):
    first = client.post("/signup", data=GOOD_SIGNUP)
    assert "We sent a message to" in first.text and count(OutboxMessage) == 1

    again = client.post("/signup", data={**GOOD_SIGNUP, "store_name": "Another Name"})
    assert 'id="already-sent"' in again.text
    assert "was already sent to <strong>ada@example.com</strong>" in again.text
    assert "Send the link again" in again.text and count(OutboxMessage) == 1

    soon = client.post("/signup", data={**GOOD_SIGNUP, "resend": "1"})
    assert "you can ask for another from" in soon.text and count(OutboxMessage) == 1

    # five minutes on, a resend goes out
    sent = db.session.scalar(select(OutboxMessage))
    sent.created_at -= timedelta(minutes=6)
    db.session.commit()
    resent = client.post("/signup", data={**GOOD_SIGNUP, "resend": "1"})
    assert "We sent a message to" in resent.text and count(OutboxMessage) == 2

    # whichever link is opened, and however often, one account and one store
    client.post(signup_link_in_outbox("ada@example.com"), data=GOOD_PASSWORD)
    assert count(User) == 1 and count(Store) == 1


def test_a_link_older_than_its_lifetime_is_not_pending(app, client):
    client.post("/signup", data=GOOD_SIGNUP)
    sent = db.session.scalar(select(OutboxMessage))
    sent.created_at -= timedelta(seconds=app.config["SIGNUP_LINK_MAX_AGE"] + 60)
    db.session.commit()
    again = client.post("/signup", data=GOOD_SIGNUP)
    assert "We sent a message to" in again.text and count(OutboxMessage) == 2
