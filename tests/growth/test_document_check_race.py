"""Two job workers' schedulers run the nightly document check at the same moment: the
database's unique notice keys let one tell the merchant and the manager, once each."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit.models import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.growth.document_expiry import check_documents
from merchant_portal.growth.models import MerchantAccount
from merchant_portal.notifications.models import Notification
from merchant_portal.timeutil import market_today
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories


def test_two_checks_at_once_tell_each_person_once(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has a single writer: two checks cannot race there")
    today = market_today()
    _merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    manager = factories.make_user(Role.REVIEWER)
    db.session.add(MerchantAccount(store_id=store.id, manager_id=manager.id))
    for days, kind in enumerate(("food_licence", "business_licence", "brand_authorisation"), 1):
        document = factories.make_document(store, kind=kind, verdict="accepted")
        document.expires_on = today - timedelta(days=days)
        document.original_name = f"licence-{days}.pdf"
    db.session.commit()
    barrier = threading.Barrier(2, timeout=10)
    failures: list[BaseException] = []

    def run() -> None:
        with app.app_context():
            try:
                barrier.wait()
                check_documents(today)
                db.session.commit()
            except BaseException as problem:  # reported below, not lost in the thread
                failures.append(problem)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    db.session.remove()
    assert failures == []
    notices = db.session.scalar(select(func.count()).select_from(Notification))
    lapses = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "document_lapsed")
    )
    assert (notices, lapses) == (6, 3), "three lapsed documents, told to two people, once each"
