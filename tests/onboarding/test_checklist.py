"""The onboarding checklist always says what is done, what waits, and what comes next."""

from merchant_portal.extensions import db
from merchant_portal.onboarding.checklist import StepState, build_checklist
from merchant_portal.onboarding.queries import OnboardingFacts, onboarding_facts
from merchant_portal.onboarding.store.models import Store
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

S = ReviewStatus
PROFILE = {
    "category": "Toys",
    "description": "Wooden toys made to last",
    "contact_email": "toys@example.com",
    "shipping_policy": "Ships in 2 days",
    "return_policy": "30 days to return",
}


def facts(documents=None, products=None, best=0, registrations=None, reasons=(), plans=(0, 0)):
    return OnboardingFacts(
        documents or {}, products or {}, best, registrations or {}, list(reasons), plans=plans
    )


def states(checklist) -> dict[str, StepState]:
    return {step.key: step.state for step in checklist.steps}


def test_new_store_starts_with_the_profile():
    checklist = build_checklist(Store(name="New", status=S.DRAFT), facts())
    assert checklist.next_step.key == "store_profile"
    assert checklist.done_count == 0 and len(checklist.steps) == 8
    assert states(checklist)["store_approved"] == StepState.LOCKED
    assert states(checklist)["first_product_listed"] == StepState.LOCKED


def test_profile_and_licence_done_points_to_submitting():
    checklist = build_checklist(
        Store(name="S", status=S.DRAFT, **PROFILE), facts(documents={None: 1})
    )
    assert states(checklist)["store_profile"] == StepState.DONE
    assert states(checklist)["documents"] == StepState.DONE
    assert checklist.next_step.key == "store_approved"
    assert checklist.next_step.action_endpoint == "store.profile"


def test_sent_back_store_shows_the_reviewers_reasons():
    checklist = build_checklist(
        Store(name="S", status=S.CHANGES_REQUESTED, **PROFILE),
        facts(documents={"rejected": 1}, reasons=["document_unreadable"]),
    )
    assert checklist.next_step.key == "documents"
    approval = next(s for s in checklist.steps if s.key == "store_approved")
    assert approval.state == StepState.SENT_BACK
    assert approval.reasons == ("Document unreadable or cut off",)


def test_waiting_steps_are_not_next():
    checklist = build_checklist(
        Store(name="S", status=S.SUBMITTED, **PROFILE), facts(documents={None: 1})
    )
    assert states(checklist)["store_approved"] == StepState.WAITING
    assert checklist.next_step is None


def test_approved_store_walks_through_products_to_promotions():
    store = Store(name="S", status=S.APPROVED, **PROFILE)
    empty = build_checklist(store, facts(documents={"accepted": 1}))
    assert empty.next_step.key == "first_product_listed"
    weak = build_checklist(
        store, facts(documents={"accepted": 1}, products={S.SUBMITTED: 1}, best=55)
    )
    assert weak.next_step.key == "listing_quality"
    live = build_checklist(
        store, facts(documents={"accepted": 1}, products={S.APPROVED: 1}, best=90)
    )
    assert live.next_step.key == "activity_registered"
    joined = build_checklist(
        store,
        facts(
            documents={"accepted": 1},
            products={S.APPROVED: 1},
            best=90,
            registrations={S.APPROVED: 1},
        ),
    )
    assert joined.next_step.key == "ad_plan_reviewed"
    assert joined.next_step.action_endpoint == "budget.self_service_plan"
    planned = build_checklist(
        store,
        facts(
            documents={"accepted": 1},
            products={S.APPROVED: 1},
            best=90,
            registrations={S.APPROVED: 1},
            plans=(1, 0),
        ),
    )
    assert planned.next_step.explanation.startswith("Business operations prepared")
    read = build_checklist(
        store,
        facts(
            documents={"accepted": 1},
            products={S.APPROVED: 1},
            best=90,
            registrations={S.APPROVED: 1},
            plans=(1, 1),
        ),
    )
    assert read.percent == 100 and read.next_step is None


def test_facts_come_from_the_data():
    _, store = factories.make_merchant(status=S.APPROVED, **PROFILE)
    factories.make_document(store)
    factories.make_product(store, status=S.APPROVED, quality_score=85)
    factories.make_product(store, title="Second", status=S.DRAFT, quality_score=40)
    db.session.commit()
    found = onboarding_facts(store)
    assert found.documents == {None: 1}
    assert found.products == {S.APPROVED: 1, S.DRAFT: 1}
    assert found.best_quality == 85


def test_checklist_page_shows_the_next_step_and_refreshes_itself(client, auth):
    auth.as_merchant(store_name="Toy Barn", status=S.APPROVED, **PROFILE)
    page = client.get("/onboarding").text
    assert "Toy Barn" in page
    assert "<strong>Next: </strong>List your first product." in page
    assert 'hx-trigger="every 30s"' in page
    partial = client.get("/onboarding", headers={"HX-Request": "true"}).text
    assert partial.startswith('<section id="checklist"') and "<html" not in partial


def test_after_a_listing_is_sent_back_next_names_that_listing(client, auth):
    merchant, store = auth.as_merchant(status=S.APPROVED, **PROFILE)
    factories.make_document(store, verdict="accepted")
    product = factories.make_product(store, title="Oak board", status=S.SUBMITTED)
    reviewer = factories.make_user(factories.Role.REVIEWER)
    db.session.commit()
    from merchant_portal.workflow.machine import Subject, decide

    decide(product, Subject("product", "listing", merchant, "/products/"), "request_changes",
           reviewer, ["poor_images"], "Show the board from above.")  # fmt: skip
    db.session.commit()
    checklist = build_checklist(store, onboarding_facts(store))
    # the quality step is still to do, but the reviewer's request comes first
    assert states(checklist)["listing_quality"] == StepState.TODO
    assert states(checklist)["first_product_listed"] == StepState.DONE
    assert checklist.next_step.key == "first_product_live"
    page = client.get("/onboarding").text
    next_line = page.split('class="next-step"')[1].split("</p>")[0]
    assert "sent “Oak board” back" in next_line
    assert f'href="/products/{product.id}/edit"' in next_line
    assert "Show the board from above." in page


def test_a_sent_back_store_shows_the_reviewers_note_on_the_checklist(client, auth):
    """The reviewer's note says what exactly to fix; the checklist, where the merchant lands,
    shows it with the reasons, as it does for a sent-back listing."""
    merchant, store = auth.as_merchant(status=S.SUBMITTED, **PROFILE)
    factories.make_document(store)
    reviewer = factories.make_user(factories.Role.REVIEWER)
    db.session.commit()
    from merchant_portal.workflow.machine import Subject, decide

    decide(store, Subject("store", "store application", merchant, "/store/"), "request_changes",
           reviewer, ["document_unreadable"], "The licence scan is blank.")  # fmt: skip
    db.session.commit()
    page = client.get("/onboarding").text
    assert "Document unreadable or cut off" in page
    assert "Reviewer&#39;s note: The licence scan is blank." in page
