"""An account manager acts (opens the recall page, logs a call, snoozes, messages) only on the
stores in their own book; an admin on any. Another manager's store answers 404 and nothing is
recorded."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.growth.models import RecallAction
from merchant_portal.timeutil import market_today

from .. import factories
from ..conftest import Auth
from .test_book import assign_to, merchant_with_sales

ACTIONS = [
    {"kind": "call", "note": "Called about the slowdown."},
    {"kind": "snooze", "snooze_until": (market_today() + timedelta(days=14)).isoformat()},
    {"kind": "message", "template": "sales_slowing"},
]


@pytest.fixture
def two_books(app):
    mine, theirs = factories.make_user(Role.REVIEWER), factories.make_user(Role.REVIEWER)
    _, store = merchant_with_sales("Falling Fabrics", 100.0, 40.0)
    assign_to(theirs, store)
    db.session.commit()
    return mine, theirs, store


def client_of(app, user):
    client = app.test_client()
    Auth(client).login(user.email)
    return client


def recorded() -> int:
    return db.session.scalar(select(func.count()).select_from(RecallAction))


@pytest.mark.parametrize("data", ACTIONS, ids=lambda d: d["kind"])
def test_another_managers_store_answers_404_and_records_nothing(app, two_books, data):
    mine, _theirs, store = two_books
    client = client_of(app, mine)
    assert client.get(f"/growth/stores/{store.id}/recall").status_code == 404
    assert client.post(f"/growth/stores/{store.id}/recall", data=data).status_code == 404
    assert recorded() == 0


def test_an_unassigned_store_is_nobodys_to_act_on_but_an_admins(app, two_books):
    mine, _theirs, _store = two_books
    _, loose = merchant_with_sales("Loose Linens", 100.0, 40.0)
    db.session.commit()
    assert client_of(app, mine).get(f"/growth/stores/{loose.id}/recall").status_code == 404
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    assert client_of(app, admin).get(f"/growth/stores/{loose.id}/recall").status_code == 200


@pytest.mark.parametrize("data", ACTIONS, ids=lambda d: d["kind"])
def test_the_manager_and_an_admin_act_on_the_store(app, two_books, data):
    _mine, theirs, store = two_books
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    for user in (theirs, admin):
        client = client_of(app, user)
        assert client.get(f"/growth/stores/{store.id}/recall").status_code == 200
        assert client.post(f"/growth/stores/{store.id}/recall", data=data).status_code == 302
    assert recorded() == 2
