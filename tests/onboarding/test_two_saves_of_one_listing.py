"""Two saves of one draft listing at the same moment (two tabs): whichever lands last is the
whole listing, its sizes, its stock and its SKU rows together; never the row of one save with
the SKUs of the other (each wrote only what it changed, and the listing read M with 10 in
stock while its SKUs were L and XL with 20)."""

import threading

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product, ProductSku
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..conftest import Auth
from .sku_helpers import tee_form, tee_leaf

RED = '{{"colour":"红色","size":"{}"}}'


def tee(sizes: tuple[str, ...]) -> MultiDict:
    data = MultiDict(tee_form().items())
    data.add("attr:colour", "红色")
    for size in sizes:
        data.add("attr:size", size)
        data.add(f"sku_price:{RED.format(size)}", "39.90")
        data.add(f"sku_stock:{RED.format(size)}", "5")
        data.add(f"sku_code:{RED.format(size)}", "")
    return data


def signed_in_twice(app, email: str) -> list:
    """Two clients of one merchant: two tabs."""
    clients = []
    for _ in range(2):
        client = app.test_client()
        Auth(client).login(email)
        clients.append(client)
    return clients


def posted_at_once(clients, address: str, forms: list) -> list[int]:
    """Each client posts its form at the same moment; the answers' status codes."""
    barrier = threading.Barrier(len(clients), timeout=10)
    statuses = []

    def send(client, data) -> None:
        barrier.wait()
        statuses.append(client.post(address, data=data).status_code)

    threads = [
        threading.Thread(target=send, args=pair) for pair in zip(clients, forms, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    db.session.remove()
    return statuses


def test_two_saves_at_once_leave_one_whole_listing(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has a single writer: two saves cannot interleave there")
    tee_leaf()
    merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, category="tees", price=None, stock=None)
    db.session.commit()
    product_id = product.id
    address = f"/products/{product_id}/edit"
    clients = signed_in_twice(app, merchant.email)
    for _round in range(6):  # the interleaving differs from one round to the next
        statuses = posted_at_once(clients, address, [tee(("M",)), tee(("S", "L"))])
        assert statuses == [302, 302], statuses
        saved = db.session.get(Product, product_id)
        skus = db.session.scalars(
            select(ProductSku.combination).where(ProductSku.product_id == product_id)
        ).all()
        size = saved.attributes["size"]
        sizes = size if isinstance(size, list) else size.split("、")
        assert sorted(RED.format(s) for s in sizes) == sorted(skus), (sizes, skus)
        assert saved.stock == 5 * len(skus)


def test_one_new_listing_form_sent_twice_at_once_makes_one_draft(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has a single writer: two saves cannot interleave there")
    merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    db.session.commit()
    store_id = store.id
    clients = signed_in_twice(app, merchant.email)
    for round_ in range(4):
        sent = {"title": "陶瓷花盆 15厘米", "category": "Garden", "price": "39.90",
                "form_key": f"{round_:032x}"}  # fmt: skip
        statuses = posted_at_once(clients, "/products/new", [sent, sent])
        assert statuses == [302, 302], statuses
        drafts = select(func.count()).where(Product.store_id == store_id)
        assert db.session.scalar(drafts) == round_ + 1
