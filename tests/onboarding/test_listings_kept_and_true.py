"""Listings: typed attributes survive a category change; every change to a live listing,
images included, waits for review; the quality score and the submit check tell the truth."""

import io

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product, ProductChange, ProductImage
from merchant_portal.onboarding.products.quality import assess, promotional_words_in
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_products import GOOD


def test_switching_category_carries_typed_and_saved_attributes_and_keeps_the_rest(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(
        store, category="Home & Kitchen",
        attributes={"material": "linen", "dimensions": "70 x 85 cm", "colour": "sage"},
    )  # fmt: skip
    db.session.commit()
    # the merchant retyped the colour, then picks Fashion (size, colour, material)
    swapped = client.get(
        "/products/attributes",
        query_string={"category": "Fashion", "product_id": product.id, "attr:colour": "olive"},
    ).text
    assert 'name="attr:colour" value="olive"' in swapped  # typed wins over saved
    assert 'name="attr:material" value="linen"' in swapped  # saved, carried over
    assert 'name="attr:size" value=""' in swapped
    # dimensions is not a Fashion attribute: kept, hidden, and said so
    assert '<input type="hidden" name="attr:dimensions" value="70 x 85 cm">' in swapped
    assert "Kept from the earlier category" in swapped

    saved = client.post(
        f"/products/{product.id}/edit",
        data={**GOOD, "category": "Fashion", "attr:colour": "olive", "attr:material": "linen",
              "attr:size": "M", "attr:dimensions": "70 x 85 cm"},
    )  # fmt: skip
    assert saved.status_code == 302
    db.session.expire_all()
    assert db.session.get(Product, product.id).attributes == {
        "size": "M", "colour": "olive", "material": "linen", "dimensions": "70 x 85 cm",
    }  # fmt: skip
    back = client.get(
        "/products/attributes",
        query_string={"category": "Home & Kitchen", "product_id": product.id},
    ).text
    assert 'name="attr:dimensions" value="70 x 85 cm"' in back


def test_an_image_added_to_a_live_listing_waits_for_review(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, status=ReviewStatus.APPROVED, category="Home & Kitchen")
    front_id = factories.make_image(product).id
    db.session.commit()
    added = client.post(
        f"/products/{product.id}/images",
        data={"image": (io.BytesIO(factories.PNG), "side.png")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "shows on the live listing once the change is approved" in added.text
    change = db.session.scalar(select(ProductChange))
    side = db.session.scalar(select(ProductImage).where(ProductImage.original_name == "side.png"))
    assert side.change_id == change.id and change.status == ReviewStatus.DRAFT
    side_id, change_id = side.id, change.id
    # removing a live image is part of the change too: it stays on sale meanwhile
    client.post(f"/products/{product.id}/images/{front_id}/delete")
    assert db.session.get(ProductImage, front_id) is not None

    client.post(f"/products/{product.id}/submit")
    auth.logout()
    auth.as_role(Role.REVIEWER)
    detail = client.get(f"/review/product_change/{change_id}").text
    assert "front.png" in detail and "side.png" in detail  # the diff names both
    client.post(
        f"/review/product_change/{change_id}/decide",
        data={"decision": "approve", "seen": "submitted"},
    )
    db.session.expire_all()
    assert db.session.get(ProductImage, front_id) is None
    assert db.session.get(ProductImage, side_id).change_id is None


def test_a_listing_without_an_image_cannot_be_submitted(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store)
    db.session.commit()
    response = client.post(f"/products/{product.id}/submit", follow_redirects=True)
    assert "add at least one image" in response.text
    assert db.session.get(Product, product.id).status == ReviewStatus.DRAFT
    factories.make_image(product)
    db.session.commit()
    assert (
        "Submitted for review."
        in client.post(f"/products/{product.id}/submit", follow_redirects=True).text
    )


def test_the_title_rule_judges_words_not_pieces_of_words():
    assert promotional_words_in("Gluten-free oat biscuits, 300 g") == []
    assert promotional_words_in("Free-range eggs, box of 12") == []
    assert promotional_words_in("Wholesale pack of oat biscuits") == []
    assert promotional_words_in("Oat biscuits FREE delivery") == ["free"]
    assert promotional_words_in("Best. Oat biscuits") == ["best"]


def test_the_live_score_does_not_count_a_price_or_stock_it_refuses(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    invalid = client.post("/products/quality", data={**GOOD, "price": "-5", "stock": "lots"}).text
    valid = client.post("/products/quality", data=GOOD).text
    assert "Set the price and stock." in invalid
    assert "Set the price" not in valid
    report = assess("t" * 30, "", "Toys", None, None, {}, 0)
    assert any(c.hint == "Set the price and stock." for c in report.checks)
