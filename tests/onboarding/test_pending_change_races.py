"""A merchant discards their change to a live listing at the moment a reviewer approves it:
one of them wins, the other is told, neither sees an error page. Each on a connection of its
own, released together (run on PostgreSQL: TEST_DATABASE_URL)."""

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product, ProductChange, ProductImage
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..conftest import Auth
from ..imports.test_races import Request, together

ROUNDS = 6  # the interleavings differ from round to round


def submitted_change(store):
    product = factories.make_product(store, status=ReviewStatus.APPROVED, title="Cast iron pan")
    change = ProductChange(product_id=product.id, status=ReviewStatus.SUBMITTED,
                           data={"title": "Cast iron pan, lid included", "price": "39.90",
                                 "stock": 5, "category": product.category})  # fmt: skip
    db.session.add(change)
    db.session.flush()
    image = factories.make_image(product)
    image.change_id = change.id
    db.session.commit()
    return product, change


def test_discard_and_approval_at_once_end_one_way_without_an_error_page(app):
    merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    reviewer = factories.make_user(Role.REVIEWER)
    db.session.commit()
    merchant_client, reviewer_client = app.test_client(), app.test_client()
    Auth(merchant_client).login(merchant.email)
    Auth(reviewer_client).login(reviewer.email)
    for _round in range(ROUNDS):
        product, change = submitted_change(store)
        product_id, change_id = product.id, change.id
        answers = together(
            app,
            [
                Request(merchant_client,
                        lambda c, p=product_id: c.post(f"/products/{p}/change/discard",
                                                           data={"confirm": "1"})),
                Request(reviewer_client, lambda c, ch=change_id: c.post(
                    f"/review/product_change/{ch}/decide",
                    data={"decision": "approve", "seen": "submitted"})),
            ],
        )  # fmt: skip
        assert [a.status_code < 500 for a in answers] == [True, True], answers
        db.session.expire_all()
        left = db.session.get(ProductChange, change_id)
        title = db.session.scalar(select(Product.title).where(Product.id == product_id))
        images = db.session.scalar(
            select(func.count()).select_from(ProductImage).where(
                ProductImage.product_id == product_id)
        )  # fmt: skip
        if left is None:  # discarded: the listing as it was, the change's image gone
            assert (title, images) == ("Cast iron pan", 0)
        else:  # approved: the change on sale, its image kept
            assert left.status == ReviewStatus.APPROVED
            assert (title, images) == ("Cast iron pan, lid included", 1)


def test_two_reviewers_bulk_deciding_the_same_changes_listed_the_other_way_round(app):
    """Found by the attack pass: each reviewer locked one listing and waited on the other's (a
    deadlock, a 500 for one of them every time); the items are now taken in one order."""
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    reviewers = [factories.make_user(Role.REVIEWER) for _ in range(2)]
    db.session.commit()
    clients = [app.test_client(), app.test_client()]
    for client, reviewer in zip(clients, reviewers, strict=True):
        Auth(client).login(reviewer.email)
    for _round in range(ROUNDS):
        items = [f"product_change:{submitted_change(store)[1].id}" for _ in range(2)]
        answers = together(app, [
            Request(client, lambda c, order=order: c.post(
                "/review/bulk", data={"decision": "approve", "items": order}))
            for client, order in zip(clients, (items, items[::-1]), strict=True)
        ])  # fmt: skip
        assert [a.status_code < 500 for a in answers] == [True, True], answers
        db.session.expire_all()
        decided = db.session.scalar(select(func.count()).where(
            ProductChange.status == ReviewStatus.APPROVED,
            ProductChange.id.in_([int(item.split(":")[1]) for item in items])))  # fmt: skip
        assert decided == 2
