"""Two reviewers decide the same submission at the same moment: exactly one decision lands.

Runs on whichever database the suite uses (CI: SQLite, then PostgreSQL), each reviewer on a
connection of their own, released together by a barrier.
"""

import threading

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.onboarding.store.models import Store
from merchant_portal.workflow.machine import AlreadyDecided, Subject, decide
from merchant_portal.workflow.models import Review
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories


def test_two_reviewers_racing_record_exactly_one_decision(app):
    merchant, store = factories.make_merchant(status=ReviewStatus.SUBMITTED)
    first, second = factories.make_user(Role.REVIEWER), factories.make_user(Role.REVIEWER)
    db.session.commit()
    ids = {"store": store.id, "merchant": merchant.id}
    barrier = threading.Barrier(2, timeout=10)
    outcomes: dict[str, str] = {}

    def review(reviewer_id: int, decision: str) -> None:
        with app.test_request_context():  # an app context, and so a database session, of its own
            try:
                obj = db.session.get(Store, ids["store"])
                reviewer = db.session.get(User, reviewer_id)
                owner = db.session.get(User, ids["merchant"])
                subject = Subject("store", "store application", owner, "/store/")
                reasons = [] if decision == "approve" else ["incomplete_profile"]
                barrier.wait()
                decide(obj, subject, decision, reviewer, reasons, "", seen=ReviewStatus.SUBMITTED)
                db.session.commit()
                outcomes[decision] = "recorded"
            except AlreadyDecided:
                db.session.rollback()
                outcomes[decision] = "already decided"
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=review, args=(first.id, "approve")),
        threading.Thread(target=review, args=(second.id, "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == ["already decided", "recorded"], outcomes
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Review)) == 1
    winner = next(decision for decision, outcome in outcomes.items() if outcome == "recorded")
    expected = ReviewStatus.APPROVED if winner == "approve" else ReviewStatus.REJECTED
    assert db.session.scalar(select(Store.status).where(Store.id == store.id)) == expected
