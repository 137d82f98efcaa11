"""The shared review state machine: decisions, their records, and the merchant told why."""

import pytest
from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.mail.models import OutboxMessage
from merchant_portal.notifications.models import Notification
from merchant_portal.onboarding.store.models import Store
from merchant_portal.workflow.machine import (
    AlreadyDecided,
    IllegalTransition,
    Subject,
    decide,
    move,
)
from merchant_portal.workflow.models import Review
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories


@pytest.fixture
def submitted_store():
    merchant, store = factories.make_merchant(status=ReviewStatus.SUBMITTED)
    reviewer = factories.make_user(Role.REVIEWER)
    db.session.commit()
    return merchant, store, reviewer


def subject(merchant, store):
    return Subject("store", "store application", merchant, "/store/")


def test_sending_back_records_the_decision_and_tells_the_merchant(app, submitted_store):
    merchant, store, reviewer = submitted_store
    with app.test_request_context():
        decide(
            store,
            subject(merchant, store),
            "request_changes",
            reviewer,
            ["document_unreadable"],
            "Rescan page 2",
        )
        db.session.commit()
    assert db.session.get(Store, store.id).status == ReviewStatus.CHANGES_REQUESTED
    review = db.session.scalar(select(Review))
    assert (review.decision, review.reason_codes, review.comment) == (
        "request_changes",
        ["document_unreadable"],
        "Rescan page 2",
    )
    event = db.session.scalar(select(AuditEvent))
    assert (event.actor_id, event.from_state, event.to_state) == (
        reviewer.id,
        "submitted",
        "changes_requested",
    )
    note = db.session.scalar(select(Notification))
    assert (
        note.user_id == merchant.id
        and "Document unreadable or cut off" in note.body
        and "Rescan page 2" in note.body
    )
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.recipient == merchant.email and "sent back for changes" in mail.subject


def test_illegal_moves_are_refused(submitted_store):
    merchant, store, reviewer = submitted_store
    _, draft = factories.make_merchant()
    db.session.commit()
    with pytest.raises(IllegalTransition):
        move(draft, "approve", reviewer)
    with pytest.raises(IllegalTransition):
        move(store, "submit", merchant)


def test_a_stale_decision_is_told_it_was_already_decided(app, submitted_store):
    merchant, store, reviewer = submitted_store
    with app.test_request_context():
        decide(store, subject(merchant, store), "approve", reviewer, seen=ReviewStatus.SUBMITTED)
        db.session.commit()
        with pytest.raises(AlreadyDecided):
            decide(
                store,
                subject(merchant, store),
                "reject",
                reviewer,
                ["other"],
                "late",
                seen=ReviewStatus.SUBMITTED,
            )
    db.session.rollback()
    assert (
        db.session.scalar(select(Store.status).where(Store.id == store.id)) == ReviewStatus.APPROVED
    )
    assert len(db.session.scalars(select(Review)).all()) == 1
