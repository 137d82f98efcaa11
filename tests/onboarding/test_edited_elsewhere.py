# ruff: noqa: RUF001  (Chinese text as merchants write it)
"""A listing open in two tabs (or by two people, or reopened with Back after a save): the
later save used to overwrite the earlier one without a word. It is now refused, nothing typed
lost, and saving again keeps it; a save from a freshly opened editor goes straight through."""

import re
import threading

import pytest
from sqlalchemy import func, select

from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product, ProductChange
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..review_desk.test_trust_rules import live_listing, make_rule
from .test_products import GOOD
from .test_two_saves_of_one_listing import posted_at_once, signed_in_twice

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EDITED_ZH = "未保存：您打开此页后，这个商品已在别处被修改"


def seen_in(page: str) -> str:
    found = re.search(r'name="seen" type="hidden" value="([0-9a-f]+)"', page) or re.search(
        r'type="hidden" name="seen" value="([0-9a-f]+)"', page
    )
    assert found, "the editor carries no version of the listing it opened on"
    return found.group(1)


def a_draft_and_a_live_listing(auth) -> tuple[Product, Product]:
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    draft = factories.make_product(store, category="Home & Kitchen")
    live = factories.make_product(
        store, title="Enamel pot 24 cm", category="Home & Kitchen", status=ReviewStatus.APPROVED
    )
    db.session.commit()
    return draft, live


def opened(client, product_id: int) -> str:
    page = client.get(f"/products/{product_id}/edit", headers=ZH)
    assert page.status_code == 200
    return seen_in(page.text)


def test_a_second_tab_saving_over_a_draft_is_refused_with_what_it_typed_kept(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, category="Home & Kitchen")
    db.session.commit()
    first, second = opened(client, product.id), opened(client, product.id)
    assert first == second
    saved = client.post(f"/products/{product.id}/edit", data={**GOOD, "seen": first})
    assert saved.status_code == 302
    mine = {**GOOD, "title": "铸铁平底锅 26厘米 预开锅", "price": "36.80", "seen": second}
    refused = client.post(f"/products/{product.id}/edit", data=mine, headers=ZH)
    assert refused.status_code == 409
    assert EDITED_ZH in refused.text
    assert "铸铁平底锅 26厘米 预开锅" in refused.text and 'value="36.80"' in refused.text
    db.session.expire_all()
    assert db.session.get(Product, product.id).title == GOOD["title"], "the first save was lost"
    # saving again, from the refused page, is a choice made knowing: it keeps this one
    again = client.post(
        f"/products/{product.id}/edit", data={**mine, "seen": seen_in(refused.text)}
    )
    assert again.status_code == 302
    db.session.expire_all()
    assert db.session.get(Product, product.id).title == "铸铁平底锅 26厘米 预开锅"


def test_save_then_open_then_save_again_goes_through(client, auth):
    product, live = a_draft_and_a_live_listing(auth)
    for listing in (product, live):
        for price in ("31.00", "32.00", "33.00"):
            data = {**GOOD, "price": price, "seen": opened(client, listing.id)}
            response = client.post(f"/products/{listing.id}/edit", data=data)
            assert response.status_code == 302, (listing.title, price, response.status_code)
    db.session.expire_all()
    assert db.session.get(Product, product.id).price == 33
    change = db.session.query(ProductChange).filter_by(product_id=live.id).one()
    assert change.fields()["price"] == 33


def test_a_live_listings_change_saved_in_another_tab_is_not_overwritten(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    live = factories.make_product(
        store, title="Enamel pot 24 cm", category="Home & Kitchen", status=ReviewStatus.APPROVED
    )
    db.session.commit()
    first, second = opened(client, live.id), opened(client, live.id)
    assert (
        client.post(
            f"/products/{live.id}/edit", data={**GOOD, "price": "45.00", "seen": first}
        ).status_code
        == 302
    )
    refused = client.post(
        f"/products/{live.id}/edit", data={**GOOD, "stock": "7", "seen": second}, headers=ZH
    )
    assert refused.status_code == 409 and EDITED_ZH in refused.text
    change = db.session.query(ProductChange).filter_by(product_id=live.id).one()
    assert change.fields()["price"] == 45 and change.fields()["stock"] == 40


def test_sent_for_review_in_another_tab_keeps_what_was_typed(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, category="Home & Kitchen")
    db.session.commit()
    seen = opened(client, product.id)
    product.status = ReviewStatus.SUBMITTED  # what the other tab's "submit" left
    db.session.commit()
    refused = client.post(
        f"/products/{product.id}/edit",
        data={**GOOD, "title": "我在另一个标签页里写的标题", "seen": seen},
        headers=ZH,
    )
    assert refused.status_code == 409
    assert "这个商品已提交审核" in refused.text
    assert "我在另一个标签页里写的标题" in refused.text


def test_two_tabs_saving_at_the_same_moment_one_is_kept_and_one_is_told(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has a single writer: two saves cannot interleave there")
    merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, category="Home & Kitchen")
    db.session.commit()
    product_id = product.id
    clients = signed_in_twice(app, merchant.email)
    for round_ in range(4):
        seen = opened(clients[0], product_id)
        forms = [{**GOOD, "title": f"Tab {tab} skillet, round {round_}", "seen": seen}
                 for tab in (1, 2)]  # fmt: skip
        statuses = posted_at_once(clients, f"/products/{product_id}/edit", forms)
        assert sorted(statuses) == [302, 409], statuses


def test_a_double_click_on_save_is_one_save_not_a_conflict(client, auth):
    draft, live = a_draft_and_a_live_listing(auth)
    for listing in (draft, live):
        data = {**GOOD, "price": "41.00", "seen": opened(client, listing.id)}
        first = client.post(f"/products/{listing.id}/edit", data=data)
        second = client.post(f"/products/{listing.id}/edit", data=data, headers=ZH)
        assert (first.status_code, second.status_code) == (302, 302), listing.title
        edits = db.session.scalar(
            select(func.count()).where(
                AuditEvent.subject_kind == "product",
                AuditEvent.subject_id == listing.id,
                AuditEvent.action.in_(("edit", "edit_live")),
            )
        )
        assert edits == 1, "the second click wrote the same save again"


def test_a_listing_rejected_after_the_editor_opened_keeps_what_was_typed(client, auth):
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, category="Home & Kitchen")
    db.session.commit()
    seen = opened(client, product.id)
    product.status = ReviewStatus.REJECTED
    db.session.commit()
    typed = {**GOOD, "description": "这段描述是我刚刚写的，不能丢。" * 3, "seen": seen}
    refused = client.post(f"/products/{product.id}/edit", data=typed, headers=ZH)
    assert refused.status_code == 409
    assert "商家运营已驳回该商品" in refused.text and "这段描述是我刚刚写的" in refused.text
    page = client.get(f"/products/{product.id}/edit", headers=ZH, follow_redirects=True)
    assert "商家运营已驳回该商品，不能再编辑" in page.text
    assert "审核结果出来后才能编辑" not in page.text


def test_two_tabs_saving_a_live_listings_open_change_at_once(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has a single writer: two saves cannot interleave there")
    merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    live = factories.make_product(
        store, title="Enamel pot 24 cm", category="Home & Kitchen", status=ReviewStatus.APPROVED
    )
    db.session.commit()
    live_id = live.id
    clients = signed_in_twice(app, merchant.email)
    address = f"/products/{live_id}/edit"
    assert clients[0].post(address, data={**GOOD, "stock": "33"}).status_code == 302
    for round_ in range(4):
        seen = opened(clients[0], live_id)
        forms = [{**GOOD, "stock": "33", "title": f"Tab 1 pot, round {round_}", "seen": seen},
                 {**GOOD, "stock": "33", "description": f"Tab 2 words {round_}. " * 4,
                  "seen": seen}]  # fmt: skip
        statuses = posted_at_once(clients, address, forms)
        assert sorted(statuses) == [302, 409], statuses


def test_saving_while_the_change_is_submitted_and_approved_by_a_rule_is_never_a_500(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has a single writer: two requests cannot interleave there")
    make_rule()
    merchant, product = live_listing()
    clients = signed_in_twice(app, merchant.email)
    base = {"title": product.title, "description": "", "category": "", "price": "100.00"}
    for round_ in range(6):
        stock = str(20 + round_)  # a stock-only change: the rule approves it on arrival
        assert clients[0].post(f"/products/{product.id}/edit",
                               data={**base, "stock": stock}).status_code == 302  # fmt: skip
        barrier = threading.Barrier(2, timeout=10)
        statuses = []

        def send(client, address, data, barrier=barrier, statuses=statuses):
            barrier.wait()
            statuses.append(client.post(address, data=data).status_code)

        threads = [
            threading.Thread(target=send, args=(clients[0], f"/products/{product.id}/submit", {})),
            threading.Thread(target=send, args=(clients[1], f"/products/{product.id}/edit",
                                                {**base, "stock": stock,
                                                 "title": f"Walnut board {round_}"})),
        ]  # fmt: skip
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        db.session.remove()
        assert 500 not in statuses and len(statuses) == 2, statuses
        # the next round starts from a listing with no change waiting
        for change in db.session.scalars(
            select(ProductChange).where(
                ProductChange.product_id == product.id,
                ProductChange.status.in_((ReviewStatus.DRAFT, ReviewStatus.SUBMITTED)),
            )
        ):
            db.session.delete(change)  # fmt: skip
        db.session.commit()


def test_a_live_listings_change_rejected_after_the_editor_opened_is_said_as_such(client, auth):
    _, live = a_draft_and_a_live_listing(auth)
    assert client.post(f"/products/{live.id}/edit", data={**GOOD, "stock": "12"}).status_code == 302
    seen = opened(client, live.id)
    change = db.session.scalar(select(ProductChange).where(ProductChange.product_id == live.id))
    change.status = ReviewStatus.REJECTED  # a reviewer's decision meanwhile
    db.session.commit()
    typed = {**GOOD, "stock": "12", "title": "Enamel pot 24 cm, cream", "seen": seen}
    refused = client.post(f"/products/{live.id}/edit", data=typed, headers=ZH)
    assert refused.status_code == 409
    assert (
        "商家运营驳回了这个商品的修改" in refused.text and "Enamel pot 24 cm, cream" in refused.text
    )
