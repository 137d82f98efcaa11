"""A merchant sees the change they are working on to a live listing, beside the live version
with its own score, and can discard it. Found by a new user: the product page showed only the
live version ("暂无图片。" beside the newly added image) and nothing dropped the change."""

import io
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from merchant_portal.audit.models import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product, ProductChange, ProductImage
from merchant_portal.onboarding.products.pending import change_diff
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_products import GOOD

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def live_product(store):
    product = factories.make_product(store, status=ReviewStatus.APPROVED, category="Home & Kitchen",
                                     title="Cast iron skillet", description="")  # fmt: skip
    db.session.commit()
    return product


def test_the_pending_change_shows_beside_the_live_version_with_its_own_score(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = live_product(store)
    client.post(f"/products/{product.id}/edit", data={**GOOD, "price": "39.90"})
    client.post(f"/products/{product.id}/images",
                data={"image": (io.BytesIO(factories.PNG), "new-front.png")},
                content_type="multipart/form-data")  # fmt: skip
    page = client.get(f"/products/{product.id}", headers=ZH).text
    pending = page.split('id="pending-change"')[1].split("</section>")[0]
    assert "¥29.90" in pending and "¥39.90" in pending, "the price of the change is not shown"
    assert "Pre-seasoned cast iron" in pending, "the description of the change is not shown"
    assert "new-front.png" in pending, "the image the change adds is not listed"
    live_score = db.session.get(Product, product.id).quality_score
    scores = pending.split("data-score=")
    assert len(scores) == 2 and int(scores[1].split('"')[1]) > live_score
    assert "暂无图片" not in page, "'no images' beside the change's image"


def test_discarding_the_change_drops_it_and_its_images_and_is_audited(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = live_product(store)
    client.post(f"/products/{product.id}/edit", data={**GOOD, "price": "39.90"})
    client.post(f"/products/{product.id}/images",
                data={"image": (io.BytesIO(factories.PNG), "new-front.png")},
                content_type="multipart/form-data")  # fmt: skip
    client.post(f"/products/{product.id}/submit")  # under review: still the merchant's to drop
    stored = db.session.scalar(select(ProductImage.stored_name))
    asked = client.post(f"/products/{product.id}/change/discard")
    # the first press asks, saying what goes; nothing is dropped until the second
    assert asked.status_code == 200 and 'name="confirm" value="1"' in asked.text
    assert "Discard your change to “" in asked.text
    altered = len(change_diff(product, db.session.scalar(select(ProductChange))))
    assert f"The {altered} fields your change alters go back" in asked.text and altered > 1
    assert "The 1 image your change added is deleted." in asked.text
    assert db.session.scalar(select(func.count()).select_from(ProductChange)) == 1
    done = client.post(f"/products/{product.id}/change/discard", data={"confirm": "1"},
                       follow_redirects=True)  # fmt: skip
    assert "Change discarded" in done.text and 'id="pending-change"' not in done.text
    assert db.session.scalar(select(func.count()).select_from(ProductChange)) == 0
    assert db.session.scalar(select(func.count()).select_from(ProductImage)) == 0
    assert not (Path(current_app.config["UPLOAD_FOLDER"]) / "image" / stored).exists()
    assert str(db.session.get(Product, product.id).price) == "29.90"
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "discard_change")) == "discard_change"  # fmt: skip


def test_a_change_decided_meanwhile_is_not_discarded(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = live_product(store)
    change = ProductChange(product_id=product.id, status=ReviewStatus.APPROVED,
                           data={"title": "x"})  # fmt: skip
    db.session.add(change)
    db.session.commit()
    page = client.post(f"/products/{product.id}/change/discard", data={"confirm": "1"},
                       follow_redirects=True)  # fmt: skip
    assert "no change to discard" in page.text
    assert db.session.scalar(select(func.count()).select_from(ProductChange)) == 1


def test_another_merchants_change_cannot_be_discarded(client, auth):
    _, other_store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = live_product(other_store)
    db.session.add(ProductChange(product_id=product.id, data={"title": "x"}))
    db.session.commit()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    for press in ({}, {"confirm": "1"}):
        assert client.post(f"/products/{product.id}/change/discard", data=press).status_code == 404


def test_a_saved_change_opens_again_in_the_editor_with_its_values(client, auth):
    # Found by a new user: saving a change to a live listing and opening the editor again
    # answered 500 (the change's price came back from JSON as text).
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = live_product(store)
    client.post(f"/products/{product.id}/edit", data={**GOOD, "price": "35.00"})
    page = client.get(f"/products/{product.id}/edit", headers=ZH)
    assert page.status_code == 200
    assert 'value="35.00"' in page.text, "the editor does not show the change's price"
    assert 'value="29.90"' not in page.text, "the editor shows the live price, not the change"


def test_submitting_a_live_listing_without_a_change_says_there_is_none(client, auth):
    # Found by a user pass: it said the listing was already with merchant operations.
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = live_product(store)
    page = client.post(f"/products/{product.id}/submit", follow_redirects=True,
                       headers={"Accept-Language": "zh-CN"})  # fmt: skip
    assert page.status_code == 200
    assert "没有可提交的修改" in page.text and "该商品已在审核中" not in page.text
    assert db.session.scalar(select(func.count()).select_from(ProductChange)) == 0


def test_a_discard_from_a_page_opened_on_an_older_change_leaves_the_newer_one(client, auth):
    # Found by a user pass: tab 2 asked to discard change A; tab 1 discarded A and started B;
    # tab 2's confirmation then deleted B.
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = live_product(store)
    client.post(f"/products/{product.id}/edit", data={**GOOD, "price": "39.90"})
    page = client.get(f"/products/{product.id}").text
    first = page.split("/change/discard?change=")[1].split('"')[0]
    asked = client.post(f"/products/{product.id}/change/discard?change={first}")
    assert f"change={first}" in asked.text  # the confirmation names the change it asks about
    client.post(f"/products/{product.id}/change/discard?change={first}", data={"confirm": "1"})
    client.post(f"/products/{product.id}/edit", data={**GOOD, "price": "49.90"})
    page = client.post(f"/products/{product.id}/change/discard?change={first}",
                       data={"confirm": "1"}, follow_redirects=True)  # fmt: skip
    assert "discarded already" in page.text
    assert db.session.scalar(select(func.count()).select_from(ProductChange)) == 1
