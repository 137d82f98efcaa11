"""While the merchant has nothing to do, the checklist never says "all done": it says what
they are waiting for, how long such a decision usually takes (the queue's own median over the
last 30 days), and what opens after."""

import re
from datetime import timedelta

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.onboarding.checklist import Checklist, Step, StepState, what_comes_next
from merchant_portal.timeutil import utcnow
from merchant_portal.workflow.models import Review
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_checklist import PROFILE

S = ReviewStatus


def decided_store(hours_waited: float, days_ago: float = 1) -> None:
    decided = utcnow() - timedelta(days=days_ago)
    _user, store = factories.make_merchant(
        status=S.APPROVED, submitted_at=decided - timedelta(hours=hours_waited)
    )
    reviewer = factories.make_user(Role.REVIEWER)
    db.session.add(
        Review(subject_kind="store", subject_id=store.id, reviewer_id=reviewer.id,
               decision="approve", created_at=decided)
    )  # fmt: skip


def in_review(auth) -> None:
    """A merchant whose complete application, licence included, waits for review."""
    _user, store = auth.as_merchant(status=S.SUBMITTED, submitted_at=utcnow(), **PROFILE)
    factories.make_document(store)
    db.session.commit()


def next_line(page: str) -> str:
    return re.search(r'id="what-comes-next">(.*?)</p>', page, re.S).group(1)


def test_a_store_in_review_is_told_the_usual_wait_and_what_opens_after(client, auth):
    for hours in (10, 20, 30):
        decided_store(hours)
    decided_store(500, days_ago=40)  # outside the 30 days: not counted
    in_review(auth)
    page = client.get("/onboarding").text
    assert "Every step is done" not in page
    line = next_line(page)
    assert "Waiting for merchant operations: Get your store approved." in line
    assert "A decision usually comes in about 20 hours" in line
    assert "Then: List your first product." in line


def test_with_nothing_decided_lately_no_time_is_promised(client, auth):
    in_review(auth)
    line = next_line(client.get("/onboarding").text)
    assert "Waiting for merchant operations: Get your store approved." in line
    assert "usually" not in line and "You will be told here" in line


def test_all_done_is_said_only_when_every_step_is_done():
    done = Checklist([Step("a", "A", StepState.DONE, "")])
    assert what_comes_next(done, lambda kind: None) == "Every step is done."
    locked = Checklist([Step("a", "A", StepState.DONE, ""), Step("b", "B", StepState.LOCKED, "")])
    assert what_comes_next(locked, lambda kind: None) == "Then: B."
    days = Checklist([Step("store_approved", "Get approved", StepState.WAITING, "")])
    assert "about 3 days" in what_comes_next(days, lambda kind: 70.0)
