"""The inbox: a user's own messages, newest first; reading marks them read; others' are 404."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.notifications.models import Notification
from merchant_portal.timeutil import utcnow

from .. import factories


def message(user, subject: str, link: str | None = None, age_hours: int = 0) -> Notification:
    note = Notification(
        user_id=user.id,
        subject=subject,
        body=f"Body of {subject}",
        link=link,
        created_at=utcnow() - timedelta(hours=age_hours),
    )
    db.session.add(note)
    db.session.commit()
    return note


def test_inbox_lists_only_my_messages_newest_first(client, auth):
    me, _ = auth.as_merchant()
    someone_else = factories.make_user(Role.MERCHANT)
    db.session.commit()
    message(me, "Older news", age_hours=5)
    message(me, "Newer news", age_hours=1)
    message(someone_else, "Not for you")

    page = client.get("/inbox/").text
    assert page.index("Newer news") < page.index("Older news"), "newest message should be first"
    assert "Not for you" not in page
    assert 'aria-label="2 unread"' in page, "the inbox link should count both unread messages"


def test_empty_inbox_says_so(client, auth):
    auth.as_role(Role.PLANNER)
    assert "Nothing here yet" in client.get("/inbox/").text


def test_reading_a_message_marks_it_read(client, auth):
    me, _ = auth.as_merchant()
    note = message(me, "Store approved")
    message(me, "Still unread")

    page = client.get(f"/inbox/{note.id}")
    assert page.status_code == 200
    assert "Body of Store approved" in page.text
    assert db.session.scalar(select(Notification.read_at).where(Notification.id == note.id))
    assert 'aria-label="1 unread"' in client.get("/inbox/").text

    client.get(f"/inbox/{note.id}")  # reading again keeps the first reading's time
    assert db.session.scalar(select(Notification.read_at).where(Notification.id == note.id))


def test_opening_follows_the_link_and_marks_read(client, auth):
    me, _ = auth.as_merchant()
    linked = message(me, "Listing approved", link="/products/")
    plain = message(me, "Just so you know")

    response = client.get(f"/inbox/{linked.id}/open")
    assert response.status_code == 302 and response.headers["Location"].endswith("/products/")
    response = client.get(f"/inbox/{plain.id}/open")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/inbox/"), "no link: back to inbox"
    unread = db.session.scalars(
        select(Notification).where(Notification.user_id == me.id, Notification.read_at.is_(None))
    ).all()
    assert unread == []


def test_another_users_message_is_404_and_stays_unread(client, auth):
    someone_else = factories.make_user(Role.MERCHANT)
    db.session.commit()
    theirs = message(someone_else, "Private")
    auth.as_merchant()

    assert client.get(f"/inbox/{theirs.id}").status_code == 404
    assert client.get(f"/inbox/{theirs.id}/open").status_code == 404
    assert client.get("/inbox/999999").status_code == 404
    assert db.session.get(Notification, theirs.id).read_at is None


def test_inbox_paginates(app, client, auth):
    me, _ = auth.as_merchant()
    per_page = app.config["ITEMS_PER_PAGE"]
    for number in range(per_page + 1):
        db.session.add(
            Notification(
                user_id=me.id,
                subject=f"Message {number:03d}",
                body="",
                created_at=utcnow() - timedelta(minutes=number),
            )
        )
    db.session.commit()

    first = client.get("/inbox/").text
    second = client.get("/inbox/?page=2").text
    assert "Message 000" in first and f"Message {per_page:03d}" not in first
    assert f"Message {per_page:03d}" in second
    assert client.get("/inbox/?page=99").status_code == 404


@pytest.mark.parametrize("role", [Role.MERCHANT, Role.PLANNER])
def test_the_menu_counts_a_message_read_on_the_page_that_opens_it(client, auth, role):
    """The count comes with the signed-in user, read before the page marks the message read:
    the page that opens it counts it read already, on a merchant's and a staff member's menu."""
    me = auth.as_merchant()[0] if role == Role.MERCHANT else auth.as_role(role)
    first = message(me, "First news")
    message(me, "Second news")
    assert 'aria-label="2 unread"' in client.get("/inbox/").text
    opened = client.get(f"/inbox/{first.id}").text
    assert "Body of First news" in opened and 'aria-label="1 unread"' in opened
