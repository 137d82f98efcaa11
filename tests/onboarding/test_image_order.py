# ruff: noqa: RUF001  (the multiplication sign the page shows in image sizes)
"""A merchant arranges a draft listing's images: arrows that work without a script, or a new
order from dragging; the main image (the first) keeps the marketplace's rule, square and at
least 800 x 800, held on the server whichever way it was chosen."""

import pytest
from sqlalchemy import select

from merchant_portal.audit.models import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import ProductImage
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

EN = {"Accept-Language": "en"}


@pytest.fixture
def gallery(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, title="Glazed ceramic flower pot 15 cm")
    images = []
    for position, (name, size) in enumerate(
        [("front.png", (1000, 1000)), ("side.png", (1200, 1200)), ("detail.png", (640, 480))]
    ):
        image = factories.make_image(product)
        image.original_name, image.position = name, position
        image.width, image.height = size
        images.append(image)
    db.session.commit()
    return product, images


def order(product) -> list[str]:
    return list(
        db.session.scalars(
            select(ProductImage.original_name)
            .where(ProductImage.product_id == product.id)
            .order_by(ProductImage.position, ProductImage.id)
        )
    )


def test_the_arrows_move_an_image_and_the_order_survives(client, gallery):
    product, (_front, side, detail) = gallery
    client.post(f"/products/{product.id}/images/{detail.id}/up")
    assert order(product) == ["front.png", "detail.png", "side.png"]
    client.post(f"/products/{product.id}/images/{side.id}/up")
    client.post(f"/products/{product.id}/images/{side.id}/up")
    assert order(product) == ["side.png", "front.png", "detail.png"], "side is the main image"
    page = client.get(f"/products/{product.id}", headers=EN).text
    assert page.index("side.png") < page.index("front.png") < page.index("detail.png")
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    moves = [e.detail["order"] for e in events if e.action == "reorder_images"]
    assert moves[-1] == ["side.png", "front.png", "detail.png"] and len(moves) == 3


def test_a_dragged_order_is_saved_whole(client, gallery):
    product, (front, side, detail) = gallery
    response = client.post(
        f"/products/{product.id}/images/order", data={"order": f"{side.id},{detail.id},{front.id}"}
    )
    assert response.status_code == 302
    assert order(product) == ["side.png", "detail.png", "front.png"]


def test_a_small_image_cannot_become_the_main_image_by_any_way(client, gallery):
    product, (front, side, detail) = gallery
    by_drag = client.post(
        f"/products/{product.id}/images/order",
        data={"order": f"{detail.id},{front.id},{side.id}"},
        headers=EN,
        follow_redirects=True,
    ).text
    assert "“detail.png” is 640 × 480 pixels: the main image must be square" in by_drag
    client.post(f"/products/{product.id}/images/{detail.id}/main")
    client.post(f"/products/{product.id}/images/{detail.id}/up")
    client.post(f"/products/{product.id}/images/{detail.id}/up")
    assert order(product)[0] == "front.png", "the main image stayed the square one"
    assert order(product)[1] == "detail.png", "moving it to second place is fine"


def test_an_order_of_other_images_changes_nothing(client, gallery):
    product, (front, side, _detail) = gallery
    client.post(f"/products/{product.id}/images/order", data={"order": f"{side.id},{front.id}"})
    assert order(product) == ["front.png", "side.png", "detail.png"]
    response = client.post(f"/products/{product.id}/images/order", data={"order": "1,1,x"})
    assert response.status_code == 400


def test_a_listing_with_a_small_main_image_is_not_submitted(client, gallery):
    product, (front, _side, _detail) = gallery
    front.width = front.height = 500
    db.session.commit()
    page = client.post(f"/products/{product.id}/submit", headers=EN, follow_redirects=True).text
    assert "“front.png” is 500 × 500 pixels" in page
    db.session.refresh(product)
    assert product.status == ReviewStatus.DRAFT


def test_the_page_offers_arrows_and_says_the_rule_before_upload(client, gallery):
    product, (front, _side, _detail) = gallery
    page = client.get(f"/products/{product.id}", headers=EN).text
    assert "square, at least 800 × 800 pixels" in page
    assert f"/products/{product.id}/images/{front.id}/down" in page
    assert f"/products/{product.id}/images/{front.id}/up" not in page, "the first goes no higher"
    assert 'draggable="true"' in page and "data-order-url" in page


def test_a_live_listing_is_not_rearranged_outside_a_review(client, gallery):
    product, (_front, side, _detail) = gallery
    product.status = ReviewStatus.APPROVED
    db.session.commit()
    response = client.post(f"/products/{product.id}/images/{side.id}/up")
    assert response.status_code == 409
    assert order(product) == ["front.png", "side.png", "detail.png"]
