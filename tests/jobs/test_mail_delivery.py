"""Every mail goes out through the queue: a refusal is retried with back-off and the message
delivered once; one that keeps failing shows as failed in the admin outbox, with a resend."""

import pytest
from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.mail.models import OutboxMessage

from .. import factories
from .conftest import wait_until
from .smtp_server import SMTPServer


@pytest.fixture
def mail_server(app, monkeypatch):
    """The web side queues mail for this server (the consumer is told the same)."""

    def start(refusals: int) -> SMTPServer:
        server = SMTPServer(refusals=refusals).__enter__()
        for key, value in {
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": server.port,
            "MAIL_USE_TLS": False,
        }.items():
            monkeypatch.setitem(app.config, key, value)
        started.append(server)
        return server

    started: list[SMTPServer] = []
    yield start
    for server in started:
        server.__exit__()


def test_a_refused_mail_is_retried_and_delivered_once(client, mail_server, consumers):
    factories.make_user(Role.MERCHANT, email="shop@example.com")
    db.session.commit()
    server = mail_server(refusals=1)
    response = client.post("/reset", data={"email": "shop@example.com"})
    assert response.status_code in (200, 302), "the page does not wait for the mail server"
    message = db.session.scalar(select(OutboxMessage))
    assert message.status == "queued"

    consumer = consumers(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(server.port),
        MAIL_USE_TLS="0",
        MAIL_RETRY_SECONDS="0.5",
    )

    def sent():
        db.session.rollback()
        return db.session.get(OutboxMessage, message.id).status == "sent"

    wait_until(sent, 60, "the mail being delivered", consumer)
    message = db.session.get(OutboxMessage, message.id)
    assert server.refused == 1, "the server refused the first attempt"
    assert message.attempts == 2 and message.error is None
    assert [(to, mail["Subject"]) for to, mail in server.accepted] == [
        (["shop@example.com"], "Reset your merchant portal password")
    ], "delivered once"


def test_a_mail_that_keeps_failing_shows_failed_then_resends(client, auth, mail_server, app):
    server = mail_server(refusals=1)
    app.config["MAIL_MAX_ATTEMPTS"], saved = 1, app.config["MAIL_MAX_ATTEMPTS"]
    try:
        factories.make_user(Role.MERCHANT, email="shop@example.com")
        db.session.commit()
        client.post("/reset", data={"email": "shop@example.com"})
    finally:
        app.config["MAIL_MAX_ATTEMPTS"] = saved
    message = db.session.scalar(select(OutboxMessage))
    assert message.status == "failed"
    assert "451" in message.error and "Greylisted" in message.error

    admin = auth.as_role(Role.ADMIN)
    outbox = client.get("/admin/outbox?status=failed").text
    assert f'id="message-{message.id}" data-status="failed"' in outbox
    assert "Resend" in outbox and "Greylisted" in outbox

    response = client.post(f"/admin/outbox/{message.id}/resend")
    assert response.status_code == 302
    assert db.session.get(OutboxMessage, message.id).status == "sent"
    assert len(server.accepted) == 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "resend"))
    assert (event.actor_id, event.subject_id, event.from_state, event.to_state) == (
        admin.id,
        message.id,
        "failed",
        "queued",
    )
    again = client.post(f"/admin/outbox/{message.id}/resend", follow_redirects=True)
    assert "Only a message that failed is resent." in again.text
    assert len(server.accepted) == 1, "a sent message is not sent again"
