"""The onboarding checklist always says what is done and what comes next."""

from merchant_portal.onboarding.checklist import StepState, build_checklist
from merchant_portal.onboarding.models import Store
from merchant_portal.reviewable import ReviewStatus

from . import factories

PROFILE = {
    "category": "Toys",
    "description": "Wooden toys",
    "contact_email": "toys@example.com",
    "shipping_policy": "2 days",
    "return_policy": "30 days",
}


def states(checklist) -> dict[str, StepState]:
    return {step.key: step.state for step in checklist.steps}


def test_new_store_starts_with_the_profile():
    checklist = build_checklist(Store(name="New", status=ReviewStatus.DRAFT), {})
    assert checklist.next_step.key == "store_profile"
    assert checklist.done_count == 0 and checklist.percent == 0
    assert states(checklist)["store_approved"] == StepState.LOCKED


def test_complete_profile_points_to_submitting_the_store():
    checklist = build_checklist(Store(name="S", status=ReviewStatus.DRAFT, **PROFILE), {})
    assert states(checklist)["store_profile"] == StepState.DONE
    assert checklist.next_step.key == "store_approved"


def test_submitted_store_is_waiting_and_sent_back_store_is_next():
    waiting = build_checklist(Store(name="S", status=ReviewStatus.SUBMITTED, **PROFILE), {})
    assert states(waiting)["store_approved"] == StepState.WAITING
    assert waiting.next_step is None
    sent_back = build_checklist(
        Store(name="S", status=ReviewStatus.CHANGES_REQUESTED, **PROFILE), {}
    )
    assert sent_back.next_step.key == "store_approved"
    assert sent_back.next_step.state == StepState.SENT_BACK


def test_approved_store_with_a_live_product():
    store = Store(name="S", status=ReviewStatus.APPROVED, **PROFILE)
    nothing_yet = build_checklist(store, {})
    assert nothing_yet.next_step.key == "first_product_listed"
    live = build_checklist(store, {ReviewStatus.APPROVED: 2, ReviewStatus.DRAFT: 1})
    assert live.percent == 100 and live.next_step is None


def test_checklist_page_shows_the_next_step(client, auth):
    auth.as_merchant(store_name="Toy Barn", status=ReviewStatus.APPROVED, **PROFILE)
    page = client.get("/onboarding").text
    assert "Toy Barn" in page
    assert "<strong>Next:</strong> List your first product." in page
    assert "2 of 4 steps done" in page


def test_product_page_shows_own_product(client, auth):
    _, store = auth.as_merchant()
    product = factories.make_product(store, title="Wooden train set")
    factories.db.session.commit()
    assert "Wooden train set" in client.get(f"/products/{product.id}").text
