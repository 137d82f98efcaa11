"""Two consumers' schedulers at the same moment, each in its own transaction: a task is
reminded once and a day's health snapshot holds one row per store. PostgreSQL only (SQLite
has one writer at a time)."""

import threading
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.growth.health_history import take_snapshot
from merchant_portal.growth.health_notices import tell_managers
from merchant_portal.growth.models import HealthSnapshot, MerchantAccount
from merchant_portal.growth.notebook import services
from merchant_portal.growth.notebook.models import NotebookTask
from merchant_portal.growth.notebook.reminders import send_due_reminders
from merchant_portal.growth.notebook.services import add_task
from merchant_portal.mail.models import OutboxMessage
from merchant_portal.notifications.models import Notification
from merchant_portal.onboarding.store.models import Store
from merchant_portal.workflow.reviewable import ReviewStatus as S

from .. import factories
from .test_health import troubled_store


def at_once(app, work) -> list:
    barrier, results = threading.Barrier(2), []

    def run():
        with app.app_context():
            barrier.wait()
            try:
                results.append(work())
                db.session.commit()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def postgresql(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("concurrent transactions need PostgreSQL: set TEST_DATABASE_URL to run this")


def test_two_schedulers_remind_of_a_task_once(app, postgresql):
    manager = factories.make_user(Role.REVIEWER)
    _, store = factories.make_merchant(status=S.APPROVED)
    db.session.flush()
    today = factories.market_today()
    db.session.add(NotebookTask(store_id=store.id, owner_id=manager.id, title="Call back",
                                due_on=today, remind_on=today))  # fmt: skip
    db.session.commit()
    assert sorted(at_once(app, send_due_reminders)) == [0, 1]
    notices = db.session.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == manager.id)
    )
    assert notices == 1


def test_two_schedulers_snapshot_a_day_once(app, postgresql):
    for n in range(3):
        factories.make_merchant(status=S.APPROVED, store_name=f"Shop {n}")
    db.session.commit()
    today = factories.market_today()
    at_once(app, lambda: take_snapshot(today))
    assert db.session.scalar(select(func.count()).select_from(HealthSnapshot)) == 3


def test_two_schedulers_tell_a_manager_of_a_fall_once(app, postgresql):
    manager = factories.make_user(Role.REVIEWER, email="am@example.com")
    _, store = troubled_store("Poorly")
    db.session.add(MerchantAccount(store_id=store.id, manager_id=manager.id))
    db.session.commit()
    today = factories.market_today()
    take_snapshot(today)
    db.session.commit()
    assert sorted(at_once(app, lambda: tell_managers(today))) == [0, 1]
    for model, where in ((Notification, Notification.user_id == manager.id),
                         (OutboxMessage, OutboxMessage.recipient == manager.email)):  # fmt: skip
        assert db.session.scalar(select(func.count()).select_from(model).where(where)) == 1


def test_a_double_submit_at_the_same_moment_saves_one_task(app, postgresql, monkeypatch):
    # two posts of one render of the form, each in its own transaction: the unique form key
    manager = factories.make_user(Role.REVIEWER)
    _, store = factories.make_merchant(status=S.APPROVED)
    db.session.commit()
    monkeypatch.setattr(services, "current_user", SimpleNamespace(id=manager.id))
    today, key, store_id = factories.market_today(), "a" * 32, store.id

    def submit():
        task = add_task(db.session.get(Store, store_id), "Call back", today, today, key)
        return task is not None

    assert sorted(at_once(app, submit)) == [False, True]
    assert db.session.scalar(select(func.count()).select_from(NotebookTask)) == 1
    events = select(func.count()).select_from(AuditEvent)
    assert db.session.scalar(events.where(AuditEvent.action == "notebook_task")) == 1
