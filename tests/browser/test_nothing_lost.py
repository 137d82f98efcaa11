"""Nothing typed is lost, nothing counted twice: the journeys in Chromium."""

from playwright.sync_api import expect
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product
from merchant_portal.onboarding.store.models import Store
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_review_journey import log_in


def test_typed_profile_survives_an_upload_and_submit_sends_what_is_on_screen(page, tmp_path):
    merchant, store = factories.make_merchant(store_name="Lantern Lane")
    db.session.commit()
    licence = tmp_path / "licence.pdf"
    licence.write_bytes(factories.MINIMAL_PDF)
    log_in(page, merchant.email)
    page.goto("/store/")
    page.get_by_label("Main category").select_option("Home & Kitchen")
    page.get_by_label("Description").fill("Hand-poured candles and lanterns from our studio.")
    page.get_by_label("Contact email for shoppers").fill("hello@lantern.example.com")
    page.get_by_label("Shipping policy").fill("Ships within 2 working days.")
    page.get_by_label("Return policy").fill("Too short")  # not valid yet
    # the document is uploaded before the profile is saved
    page.get_by_label("File (PDF, PNG or JPEG, up to 10 MB)").set_input_files(str(licence))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Document uploaded. Your profile is not saved yet")).to_be_visible()
    expect(page.get_by_role("link", name="licence.pdf")).to_be_visible()
    for label, typed in (
        ("Description", "Hand-poured candles and lanterns from our studio."),
        ("Contact email for shoppers", "hello@lantern.example.com"),
        ("Shipping policy", "Ships within 2 working days."),
        ("Return policy", "Too short"),
    ):
        expect(page.get_by_label(label)).to_have_value(typed)
    expect(page.locator("#return_policy-errors")).to_contain_text("Use 10 to 2000 characters.")

    # fixed and changed on screen, then submitted without saving first
    page.get_by_label("Return policy").fill("Thirty days to return, postage on us.")
    page.get_by_label("Description").fill("Beeswax candles and brass lanterns, poured by hand.")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(
        page.get_by_text("Submitted. Merchant operations will review your store")
    ).to_be_visible()
    db.session.expire_all()
    submitted = db.session.get(Store, store.id)
    assert submitted.status == ReviewStatus.SUBMITTED
    assert submitted.description == "Beeswax candles and brass lanterns, poured by hand."
    assert submitted.return_policy == "Thirty days to return, postage on us."
    assert page.console_errors == []


def test_changing_the_category_keeps_the_attributes(page):
    merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(
        store, title="Linen apron with two front pockets", category="Home & Kitchen",
        attributes={"material": "linen", "dimensions": "70 x 85 cm", "colour": ""},
    )  # fmt: skip
    db.session.commit()
    log_in(page, merchant.email)
    page.goto(f"/products/{product.id}/edit")
    page.get_by_label("Colour").fill("sage")  # typed, not saved
    page.get_by_label("Category", exact=True).select_option("Fashion")
    expect(page.get_by_label("Size")).to_be_visible()
    expect(page.get_by_label("Colour")).to_have_value("sage")
    expect(page.get_by_label("Material")).to_have_value("linen")
    expect(page.locator("#kept-attributes")).to_contain_text("Dimensions “70 x 85 cm”")
    page.get_by_label("Category", exact=True).select_option("Home & Kitchen")
    expect(page.get_by_label("Dimensions")).to_have_value("70 x 85 cm")
    expect(page.get_by_label("Colour")).to_have_value("sage")
    page.get_by_label("Category", exact=True).select_option("Fashion")
    expect(page.get_by_label("Size")).to_be_visible()
    page.get_by_label("Size").fill("one size")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    db.session.expire_all()
    assert db.session.get(Product, product.id).attributes == {
        "size": "one size", "colour": "sage", "material": "linen", "dimensions": "70 x 85 cm",
    }  # fmt: skip
    assert page.console_errors == []


def test_a_refused_bulk_decision_keeps_the_selection_and_filters(page):
    factories.make_merchant(store_name="Harbour Teas", status=ReviewStatus.SUBMITTED,
                            submitted_at=factories.utcnow())  # fmt: skip
    _, shop = factories.make_merchant(store_name="Oak & Iron", status=ReviewStatus.APPROVED)
    for title in ("Oak board", "Iron pan", "Linen apron"):
        factories.make_product(shop, title=title, status=ReviewStatus.SUBMITTED,
                               submitted_at=factories.utcnow())  # fmt: skip
    reviewer = factories.make_user(Role.REVIEWER)
    db.session.commit()
    log_in(page, reviewer.email)
    page.goto("/review/")
    page.locator("select[name=kind]").select_option("product")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Harbour Teas")).to_have_count(0)
    page.get_by_label("Select Oak board").check()
    page.get_by_label("Select Iron pan").check()
    page.get_by_text("Decide the ticked submissions together").click()
    page.locator("#bulk-form").get_by_label("Reject").check()
    page.locator("#bulk-form").get_by_label("Note to every merchant").fill("Photos are blurry.")
    page.get_by_role("button", name="Record for all ticked").click()

    expect(page.locator("#bulk-problems")).to_contain_text("Choose at least one reason")
    expect(page.get_by_label("Select Oak board")).to_be_checked()
    expect(page.get_by_label("Select Iron pan")).to_be_checked()
    expect(page.get_by_label("Select Linen apron")).not_to_be_checked()
    expect(page.locator("select[name=kind]")).to_have_value("product")
    expect(page.locator("#bulk-form").get_by_label("Reject")).to_be_checked()
    expect(page.locator("#bulk-form").get_by_label("Note to every merchant")).to_have_value(
        "Photos are blurry."
    )
    # the reason added, the same ticks are decided
    page.locator("#bulk-form").get_by_label("Images missing, blurry or not of the product").check()
    page.get_by_role("button", name="Record for all ticked").click()
    expect(page.get_by_text("2 decisions recorded")).to_be_visible()
    db.session.expire_all()
    statuses = dict(db.session.execute(select(Product.title, Product.status)).all())
    assert statuses == {"Oak board": ReviewStatus.REJECTED, "Iron pan": ReviewStatus.REJECTED,
                        "Linen apron": ReviewStatus.SUBMITTED}  # fmt: skip
    assert page.console_errors == []


def test_a_repeated_import_is_refused_and_an_import_undone(page, tmp_path):
    merchant, _ = factories.make_merchant(status=ReviewStatus.APPROVED)
    db.session.commit()
    spring = tmp_path / "spring.csv"
    spring.write_text(
        "title,description,category,price,stock,attributes\n"
        "Linen apron with two pockets,Stonewashed linen,Home & Kitchen,24.00,25,material=linen\n"
        "Oak chopping board 40 cm,End grain oak,Home & Kitchen,39.00,10,material=oak\n"
    )
    log_in(page, merchant.email)
    page.goto("/products/import")
    page.get_by_label("CSV file").set_input_files(str(spring))
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_text("Imported 2 products as drafts")).to_be_visible()

    page.goto("/products/import")
    page.get_by_label("CSV file").set_input_files(str(spring))
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator("#file-errors")).to_contain_text(f"already imported by {merchant.email}")
    expect(page.locator("#file-errors")).to_contain_text("spring.csv")
    assert db.session.scalar(select(func.count()).select_from(Product)) == 2

    page.get_by_role("button", name="Undo this import").click()
    expect(page.locator("#confirm")).to_contain_text("2 products will be deleted")
    page.get_by_role("button", name="Delete 2 products").click()
    expect(page.get_by_text("its 2 products removed")).to_be_visible()
    expect(page.locator("#imports")).to_contain_text("Undone")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Product)) == 0
    assert page.console_errors == []


def test_a_listing_saved_in_another_tab_is_not_overwritten_and_nothing_typed_is_lost(page):
    merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(
        store,
        title="Linen apron with two front pockets",
        category="Home & Kitchen",
        description="Washed linen. " * 4,
    )
    db.session.commit()  # fmt: skip
    log_in(page, merchant.email)
    page.goto(f"/products/{product.id}/edit")
    other = page.context.new_page()  # the same listing, open in a second tab
    other.goto(f"/products/{product.id}/edit")
    other.get_by_label("Price").fill("59.00")
    other.get_by_role("button", name="Save").click()
    expect(other.get_by_text("Saved.")).to_be_visible()

    page.get_by_label("Title").fill("Linen apron, sage green, two deep pockets")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#not-saved")).to_contain_text("changed somewhere else after you opened it")
    expect(page.get_by_label("Title")).to_have_value("Linen apron, sage green, two deep pockets")
    db.session.expire_all()
    kept = db.session.get(Product, product.id)
    assert kept.price == 59 and kept.title == "Linen apron with two front pockets"

    # seen the other save, the merchant keeps theirs: the price too, as this tab shows it
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    db.session.expire_all()
    kept = db.session.get(Product, product.id)
    assert kept.title == "Linen apron, sage green, two deep pockets" and str(kept.price) == "29.90"
    assert [e for e in page.console_errors if "status of 409" not in e] == []
