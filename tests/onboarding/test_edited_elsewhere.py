# ruff: noqa: RUF001  (Chinese text as merchants write it)
"""A listing open in two tabs (or by two people, or reopened with Back after a save): the
later save used to overwrite the earlier one without a word. It is now refused, nothing typed
lost, and saving again keeps it; a save from a freshly opened editor goes straight through."""

import re

import pytest

from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product, ProductChange
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_products import GOOD
from .test_two_saves_of_one_listing import posted_at_once, signed_in_twice

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EDITED_ZH = "未保存：您打开此页后，这个商品已在别处保存过"


def seen_in(page: str) -> str:
    found = re.search(r'name="seen" type="hidden" value="([0-9a-f]+)"', page) or re.search(
        r'type="hidden" name="seen" value="([0-9a-f]+)"', page
    )
    assert found, "the editor carries no version of the listing it opened on"
    return found.group(1)


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
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, category="Home & Kitchen")
    live = factories.make_product(
        store, title="Enamel pot 24 cm", category="Home & Kitchen", status=ReviewStatus.APPROVED
    )
    db.session.commit()
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
