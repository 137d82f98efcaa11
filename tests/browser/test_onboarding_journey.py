"""A new merchant walks the whole path from sign-up to a promotion registration."""

import struct
from decimal import Decimal

from playwright.sync_api import expect
from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.onboarding.activities.models import ActivityRegistration
from merchant_portal.onboarding.products.models import Product
from merchant_portal.onboarding.store.models import Store
from merchant_portal.workflow.machine import Subject, decide
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .conftest import sign_up


def approve(obj, label: str) -> None:
    """Merchant operations approve, as the test's setup (the review queue is not driven here)."""
    db.session.expire_all()
    reviewer = factories.make_user(Role.REVIEWER)
    store = db.session.scalar(select(Store))
    merchant = db.session.get(type(reviewer), store.merchant_id)
    decide(obj, Subject(obj.review_kind, label, merchant, "/onboarding"), "approve", reviewer)
    db.session.commit()


def quality_score(page) -> int:
    return int(page.locator("#quality [data-score]").get_attribute("data-score"))


def test_from_sign_up_to_a_promotion(page, tmp_path):
    licence = tmp_path / "business-licence.pdf"
    licence.write_bytes(factories.MINIMAL_PDF)
    factories.make_activity(
        name="Winter Home Sale",
        categories=["Home & Kitchen"],
        min_discount_pct=Decimal(15),
        min_promo_stock=10,
    )
    db.session.commit()

    # sign up and fill the store profile
    sign_up(page, "oak@example.com", "Oak & Iron", "oak and iron 1")
    page.locator(".next-step").get_by_role("link").click()
    expect(page).to_have_url("/store/")
    page.get_by_label("Main category").select_option("Home & Kitchen")
    page.get_by_label("Description").fill("Cast iron and oak kitchenware from a family workshop.")
    page.get_by_label("Contact email for shoppers").fill("shop@oak.example.com")
    page.get_by_label("Shipping policy").fill("Ships within two working days.")
    page.get_by_label("Return policy").fill("Thirty days to return, postage on us.")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Store profile saved.")).to_be_visible()

    # a document, then submit
    page.get_by_label("File (PDF, PNG or JPEG, up to 10 MB)").set_input_files(str(licence))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="business-licence.pdf")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(
        page.get_by_text("Submitted. Merchant operations will review your store")
    ).to_be_visible()
    expect(page.locator('[data-step="store_approved"] .step-state')).to_have_text(
        "Waiting for review"
    )

    approve(db.session.scalar(select(Store)), "store application")
    page.reload()
    expect(page.locator('[data-step="store_approved"] .step-state')).to_have_text("Done")
    expect(page.get_by_text("Inbox 1")).to_be_visible()

    # a listing whose quality score rises as it improves
    page.goto("/products/new")
    page.get_by_label("Title").fill("Pan")
    page.get_by_label("Category", exact=True).select_option("Home & Kitchen")
    page.get_by_label("Price").fill("40.00")
    page.get_by_label("Stock").fill("30")
    expect(page.locator("#quality")).to_contain_text("Lengthen the title")
    weak = quality_score(page)
    page.get_by_label("Title").fill("Cast iron skillet 26 cm, pre-seasoned")
    page.get_by_label("Description").fill(
        "Pre-seasoned cast iron skillet, 26 cm across and 5 cm deep. Works on gas, induction "
        "and in the oven up to 260 °C. Wash by hand, dry at once and oil lightly."
    )
    page.get_by_label("Material").fill("cast iron")
    # title 20 + clean title 15 + description 20 + 1 of 3 attributes 5 + price and stock 15
    # the panel follows typing through a queue of requests: a loaded machine needs more than 5 s
    expect(page.locator("#quality [data-score]")).to_have_attribute(
        "data-score", "75", timeout=15_000
    )
    assert quality_score(page) > weak + 30, "the score rises as the listing improves"
    # typed right after choosing the category, before its swap answered: still there
    expect(page.get_by_label("Price")).to_have_value("40.00")
    expect(page.get_by_label("Stock")).to_have_value("30")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved as a draft")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("add at least one image")).to_be_visible()  # shoppers need to see it
    front = licence.parent / "front.png"
    # the main image is square and at least 800 x 800, as Chinese marketplaces ask
    front.write_bytes(factories.PNG[:16] + struct.pack(">II", 800, 800) + factories.PNG[24:])
    page.get_by_label("Add images").set_input_files(str(front))
    page.get_by_role("button", name="Upload image").click()
    expect(page.get_by_text("Image added.")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()

    approve(db.session.scalar(select(Product)), "listing")

    # the promotion: a too-small discount is explained first
    page.goto("/activities/")
    page.get_by_role("link", name="Winter Home Sale").click()
    page.get_by_label("Live product").select_option(index=1)
    expect(page.get_by_label("Live product")).to_contain_text("Cast iron skillet")
    page.get_by_label("Promo price").fill("38.00")
    page.get_by_label("Promo stock").fill("10")
    page.get_by_role("button", name="Check and register").click()
    expect(page.locator("#promo_price-errors")).to_contain_text(
        "needs 15%: a promo price of CN¥34.00 or less"
    )
    expect(page.get_by_text("Nothing was submitted.")).to_be_visible()
    assert db.session.scalar(select(ActivityRegistration)) is None

    page.get_by_label("Promo price").fill("33.00")
    page.get_by_role("button", name="Check and register").click()
    expect(page.get_by_text("Registered for Winter Home Sale")).to_be_visible()
    db.session.expire_all()
    assert db.session.scalar(select(ActivityRegistration.status)) == ReviewStatus.SUBMITTED
    page.goto("/onboarding")
    expect(page.locator('[data-step="activity_registered"] .step-state')).to_have_text(
        "Waiting for review"
    )
    assert page.console_errors == [], "the pages logged errors (CSP violations?)"
