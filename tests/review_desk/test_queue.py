"""Reviewers' queue: every kind in one list, oldest first, decided inline or in full."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.notifications.models import Notification
from merchant_portal.onboarding.activities.models import ActivityRegistration
from merchant_portal.onboarding.products.models import Product, ProductChange
from merchant_portal.onboarding.store.models import Store, StoreDocument
from merchant_portal.timeutil import utcnow
from merchant_portal.workflow.models import Review
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

S = ReviewStatus


@pytest.fixture
def waiting():
    """One submission of every kind, the store application the oldest."""
    now = utcnow()
    _, applicant = factories.make_merchant(
        store_name="Harbour Teas", status=S.SUBMITTED, submitted_at=now - timedelta(days=3)
    )
    _, seller = factories.make_merchant(store_name="Oak & Iron", status=S.APPROVED)
    listing = factories.make_product(
        seller, title="Oak board", status=S.SUBMITTED, submitted_at=now - timedelta(days=2)
    )
    live = factories.make_product(
        seller, title="Iron pan", status=S.APPROVED, category="Home & Kitchen"
    )
    change = ProductChange(
        product_id=live.id,
        status=S.SUBMITTED,
        submitted_at=now - timedelta(days=1),
        data={
            "title": "Iron pan 28 cm",
            "description": "",
            "category": "Home & Kitchen",
            "price": "35.00",
            "stock": 10,
            "attributes": {},
        },
    )
    activity = factories.make_activity(name="Winter Sale")
    registration = ActivityRegistration(
        activity_id=activity.id,
        product_id=live.id,
        store_id=seller.id,
        promo_price=Decimal("20.00"),
        promo_stock=5,
        status=S.SUBMITTED,
        submitted_at=now - timedelta(hours=5),
    )
    db.session.add_all([change, registration])
    db.session.commit()
    return {
        "store": applicant,
        "product": listing,
        "product_change": change,
        "registration": registration,
    }


def test_queue_lists_every_kind_oldest_first_with_counts(client, auth, waiting):
    auth.as_role(Role.REVIEWER)
    page = client.get("/review/").text
    order = [
        page.index(text)
        for text in ("Harbour Teas", "Oak board", "Iron pan", "Iron pan → Winter Sale")
    ]
    assert order == sorted(order)
    assert page.count('<span class="stat-value">1</span>') == 4
    only_listings = client.get("/review/?kind=product").text
    assert "Oak board" in only_listings and "Harbour Teas" not in only_listings
    old = client.get("/review/?older_than_days=2").text
    assert "Harbour Teas" in old and "Winter Sale" not in old


def test_a_promotion_is_named_in_the_reader_s_language(client, auth, waiting):
    # Found by a user pass: a Chinese queue read "Iron pan → Winter Sale" for a promotion
    # named 冬季特卖 in Chinese
    from merchant_portal.onboarding.activities.models import Activity

    db.session.get(Activity, waiting["registration"].activity_id).name_zh = "冬季特卖"
    db.session.commit()
    auth.as_role(Role.REVIEWER)
    chinese = client.get("/review/", headers={"Accept-Language": "zh-CN"}).text
    assert "Iron pan → 冬季特卖" in chinese and "Winter Sale" not in chinese
    assert (
        "Iron pan → Winter Sale" in client.get("/review/", headers={"Accept-Language": "en"}).text
    )


def test_claim_and_filter_by_assignee(client, auth, waiting):
    reviewer = auth.as_role(Role.REVIEWER)
    row = client.post(
        f"/review/product/{waiting['product'].id}/assign", headers={"HX-Request": "true"}
    )
    assert row.text.startswith('<tr id="row-product-') and reviewer.email in row.text
    mine = client.get("/review/?assignee=me").text
    assert "Oak board" in mine and "Harbour Teas" not in mine
    assert "Harbour Teas" in client.get("/review/?assignee=none").text
    assert (
        client.post(
            f"/review/store/{waiting['store'].id}/assign", data={"assignee": reviewer.id + 999}
        ).status_code
        == 403
    )


def test_inline_approve_replaces_the_row(client, auth, waiting):
    auth.as_role(Role.REVIEWER)
    product = waiting["product"]
    response = client.post(
        f"/review/product/{product.id}/decide",
        data={"decision": "approve", "seen": "submitted"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert (
        response.text.startswith(f'<tr id="row-product-{product.id}"')
        and "Approved" in response.text
    )
    assert db.session.get(Product, product.id).status == S.APPROVED
    note = db.session.scalar(select(Notification))
    assert "listing “Oak board” was approved" in note.body


def test_sending_back_needs_reasons_and_a_note(client, auth, waiting):
    auth.as_role(Role.REVIEWER)
    store = waiting["store"]
    refused = client.post(
        f"/review/store/{store.id}/decide",
        data={"decision": "request_changes", "seen": "submitted"},
    )
    assert refused.status_code == 400
    assert (
        "Choose at least one reason" in refused.text
        and "Write a note the merchant will read" in refused.text
    )
    assert db.session.get(Store, store.id).status == S.SUBMITTED
    assert db.session.scalar(select(func.count()).select_from(Review)) == 0

    client.post(
        f"/review/store/{store.id}/decide",
        data={
            "decision": "request_changes",
            "seen": "submitted",
            "reasons": ["document_unreadable"],
            "comment": "Rescan page 2",
        },
    )
    assert db.session.get(Store, store.id).status == S.CHANGES_REQUESTED


def test_deciding_something_already_decided_answers_409(client, auth, waiting):
    auth.as_role(Role.REVIEWER)
    store = waiting["store"]
    client.post(
        f"/review/store/{store.id}/decide", data={"decision": "approve", "seen": "submitted"}
    )
    late = client.post(
        f"/review/store/{store.id}/decide",
        data={"decision": "reject", "seen": "submitted", "reasons": ["other"], "comment": "no"},
        headers={"HX-Request": "true"},
    )
    assert late.status_code == 409
    assert "already approved" in late.text
    assert db.session.get(Store, store.id).status == S.APPROVED
    assert db.session.scalar(select(func.count()).select_from(Review)) == 1


def test_approving_a_listing_change_puts_it_on_sale(client, auth, waiting):
    auth.as_role(Role.REVIEWER)
    change = waiting["product_change"]
    view = client.get(f"/review/product_change/{change.id}").text
    assert "<del>Iron pan</del>" in view and "<ins>Iron pan 28 cm</ins>" in view
    client.post(
        f"/review/product_change/{change.id}/decide",
        data={"decision": "approve", "seen": "submitted"},
    )
    product = db.session.get(Product, change.product_id)
    assert product.title == "Iron pan 28 cm" and str(product.price) == "35.00"


def test_registration_view_checks_the_rules(client, auth, waiting):
    auth.as_role(Role.REVIEWER)
    view = client.get(f"/review/registration/{waiting['registration'].id}").text
    assert "The activity's rules, checked now" in view and "Minimum discount" in view


def test_documents_are_judged_one_by_one(client, auth, waiting):
    auth.as_role(Role.REVIEWER)
    document = factories.make_document(waiting["store"])
    db.session.commit()
    refused = client.post(f"/review/documents/{document.id}", data={"verdict": "rejected"})
    assert refused.status_code == 400 and "Say why the document is not accepted." in refused.text
    client.post(
        f"/review/documents/{document.id}", data={"verdict": "rejected", "note": "Expired in 2023"}
    )
    saved = db.session.get(StoreDocument, document.id)
    assert (saved.verdict, saved.verdict_note) == ("rejected", "Expired in 2023")


def test_bulk_decisions_are_all_or_nothing(client, auth, waiting):
    auth.as_role(Role.REVIEWER)
    store, product = waiting["store"], waiting["product"]
    client.post(
        f"/review/store/{store.id}/decide", data={"decision": "approve", "seen": "submitted"}
    )
    response = client.post(
        "/review/bulk",
        data={
            "items": [f"product:{product.id}", f"store:{store.id}"],
            "decision": "reject",
            "reasons": ["prohibited_item"],
            "comment": "Not allowed",
        },
        follow_redirects=True,
    )
    assert "Nothing was recorded: store #" in response.text
    assert db.session.get(Product, product.id).status == S.SUBMITTED  # rolled back with the rest

    registration = waiting["registration"]
    response = client.post(
        "/review/bulk",
        data={
            "items": [f"product:{product.id}", f"registration:{registration.id}"],
            "decision": "reject",
            "reasons": ["prohibited_item"],
            "comment": "Not allowed",
        },
        follow_redirects=True,
    )
    assert "2 decisions recorded" in response.text
    assert db.session.get(Product, product.id).status == S.REJECTED
    assert db.session.get(ActivityRegistration, registration.id).status == S.REJECTED


def test_audit_trail_is_searchable_by_admins(client, auth, waiting):
    admin = auth.as_role(Role.ADMIN)
    client.post(
        f"/review/store/{waiting['store'].id}/decide",
        data={"decision": "approve", "seen": "submitted"},
    )
    found = client.get(f"/review/audit?action=approve&actor={admin.email[:6]}").text
    assert "Store application #" in found and "submitted → approved" in found
    assert "submitted → approved" not in client.get("/review/audit?action=reject").text
    events = db.session.scalars(select(AuditEvent.action)).all()
    assert "approve" in events


def test_dashboard_shows_funnel_and_queue_age(client, auth, waiting):
    auth.as_role(Role.REVIEWER)
    client.post(
        f"/review/product/{waiting['product'].id}/decide",
        data={
            "decision": "reject",
            "seen": "submitted",
            "reasons": ["misleading_title"],
            "comment": "x",
        },
    )
    page = client.get("/review/dashboard").text
    assert "Onboarding funnel" in page and "Signed up" in page
    assert "Title misleading or promotional" in page
    assert "median wait" in page and "<svg" in page


def test_queue_age_percentiles_use_nearest_rank():
    from merchant_portal.review_desk.queue import waiting_age_percentiles

    now = utcnow()
    for hours in (1, 2, 3, 4, 100):  # waits; the longest is the outlier p90 must show
        factories.make_merchant(status=S.SUBMITTED, submitted_at=now - timedelta(hours=hours))
    db.session.commit()
    median, p90 = waiting_age_percentiles(now)
    assert median == pytest.approx(3, abs=0.01)
    assert p90 == pytest.approx(100, abs=0.01)


def test_an_htmx_action_keeps_the_rows_columns_and_updates_the_counters(client, auth, waiting):
    auth.as_role(Role.REVIEWER)
    product = waiting["product"]
    claimed = client.post(f"/review/product/{product.id}/assign", headers={"HX-Request": "true"})
    # the same columns as the page's row: title, store, age, and what can still be done
    assert "Oak board" in claimed.text and "Approve</button>" in claimed.text
    approved = client.post(
        f"/review/product/{product.id}/decide",
        data={"decision": "approve", "seen": "submitted"},
        headers={"HX-Request": "true"},
    )
    assert "Oak board" in approved.text and 'class="row-message">Approved.' in approved.text
    assert 'id="queue-counts" hx-swap-oob="true"' in approved.text
    assert '<span class="stat-value">0</span> new listings waiting' in approved.text


def test_a_refused_bulk_decision_keeps_the_ticks_filters_and_note(client, auth, waiting):
    auth.as_role(Role.REVIEWER)
    product = waiting["product"]
    refused = client.post(
        "/review/bulk?kind=product&older_than_days=1",
        data={
            "items": [f"product:{product.id}"],
            "decision": "reject",
            "comment": "Photos are blurry",
        },
    )
    assert refused.status_code == 400
    assert "Choose at least one reason" in refused.text
    assert f'value="product:{product.id}" form="bulk-form"' in refused.text
    assert re.search(rf'value="product:{product.id}"[^>]* checked', refused.text)
    assert "Photos are blurry" in refused.text
    assert re.search(r'<option value="product" selected>', refused.text)  # the filter kept
    assert 'action="/review/bulk?kind=product&amp;older_than_days=1"' in refused.text
    assert "Harbour Teas" not in refused.text  # still the filtered queue
    assert db.session.get(Product, product.id).status == S.SUBMITTED


def test_a_reviewer_cannot_claim_what_another_holds(client, auth, waiting, app):
    """Found by the attack pass: a second reviewer's claim silently took the submission (and
    two claims at once both said "Assigned to you"); an admin still assigns anyone."""
    from merchant_portal.audit import AuditEvent

    product = waiting["product"]
    first = auth.as_role(Role.REVIEWER)
    assert client.post(f"/review/product/{product.id}/assign").status_code == 302
    auth.logout()
    auth.as_role(Role.REVIEWER)
    taken = client.post(f"/review/product/{product.id}/assign")
    assert taken.status_code == 409
    db.session.expire_all()
    assert db.session.get(type(product), product.id).assignee_id == first.id
    claims = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "assign")).all()
    assert len(claims) == 1
    auth.logout()
    auth.as_role(Role.ADMIN)
    moved = client.post(f"/review/product/{product.id}/assign", data={"assignee": first.id})
    assert moved.status_code == 302
