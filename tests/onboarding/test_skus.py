# ruff: noqa: RUF001, RUF002  (the pages and files speak Chinese)
"""A listing's SKUs (issue 21): ticking 颜色 and 尺码 builds a grid of combinations, each with
its price, stock and merchant code; the grid keeps what was typed when a colour is added,
fills every row at once, refuses every bad cell at once beside it; the listing shows the
lowest price "起" and the total stock; a change to a live listing's SKUs is what the reviewer
sees; promotions and the quality score read the SKUs."""

import re
from decimal import Decimal
from html import unescape

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product, ProductChange, ProductSku
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..query_counter import count_queries
from .sku_helpers import tee_form, tee_leaf

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
RED_M = '{"colour":"红色","size":"M"}'
BLUE_M = '{"colour":"蓝色","size":"M"}'
RED_L = '{"colour":"红色","size":"L"}'
BLUE_L = '{"colour":"蓝色","size":"L"}'


def tee(colours=("红色",), sizes=("M",), cells=None, **extra) -> MultiDict:
    data = MultiDict(tee_form(**extra).items())
    for colour in colours:
        data.add("attr:colour", colour)
    for size in sizes:
        data.add("attr:size", size)
    for combination, (price, stock, code) in (cells or {}).items():
        data.add(f"sku_price:{combination}", price)
        data.add(f"sku_stock:{combination}", stock)
        data.add(f"sku_code:{combination}", code)
    return data


def rows(html: str) -> dict[str, dict[str, str]]:
    """{SKU as the grid names it: {price, stock, code: the value in its cell}}."""
    found = {}
    for label, body in re.findall(r'data-sku="([^"]*)">(.*?)</tr>', html, re.S):
        found[label] = {
            name: value
            for name, value in re.findall(r'name="sku_(\w+):[^"]*" value="([^"]*)"', body)
        }
    return found


def cell_errors(html: str) -> list[str]:
    return re.findall(r'<td class="field has-error">.*?<li>([^<]*)</li>', html, re.S)


def skus_of(product_id: int) -> dict[str, tuple]:
    return {
        s.combination: (s.price, s.stock, s.merchant_code)
        for s in db.session.scalars(select(ProductSku).where(ProductSku.product_id == product_id))
    }


def saved_tee(client, auth, cells=None, **data):
    cells = cells or {RED_M: ("¥39.90", "10", "T-RM"), BLUE_M: ("45元", "０", "T-BM")}
    tee_leaf()
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    response = client.post("/products/new", data=tee(("红色", "蓝色"), ("M",), cells, **data))
    assert response.status_code == 302, cell_errors(response.text) or response.text
    return store, db.session.scalar(select(Product).order_by(Product.id.desc()))


def test_ticking_a_colour_keeps_the_rows_already_typed(client, auth):
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    first = client.post("/products/skus", data=tee(), headers=ZH)
    assert list(rows(first.text)) == ["红色 / M"]
    typed = tee(("红色", "蓝色"), ("M", "L"), {RED_M: ("39.9元", "12", "T-RM")})
    grid = rows(client.post("/products/skus", data=typed, headers=ZH).text)
    assert list(grid) == ["红色 / M", "红色 / L", "蓝色 / M", "蓝色 / L"]
    assert grid["红色 / M"] == {"price": "39.9元", "stock": "12", "code": "T-RM"}
    assert grid["蓝色 / L"] == {"price": "", "stock": "", "code": ""}
    english = rows(client.post("/products/skus", data=typed).text)
    assert "Blue / L" in english, "the grid names the SKUs in the reader's language"


def sku_inputs(html: str) -> dict[str, str]:
    """Every SKU input the browser posts back after the swap, hidden ones included."""
    found = re.findall(r'name="(sku_(?:price|stock|code):[^"]*)" value="([^"]*)"', html)
    return {unescape(name): unescape(value) for name, value in found}


def test_a_size_unticked_and_ticked_again_comes_back_as_typed(client, auth):
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    typed = {RED_M: ("39.9", "12", "T-RM"), RED_L: ("42元", "8", "T-RL")}
    both = client.post("/products/skus", data=tee(("红色",), ("M", "L"), typed), headers=ZH)
    unticked = tee(("红色",), ("M",))
    unticked.update(sku_inputs(both.text))
    one = client.post("/products/skus", data=unticked, headers=ZH)
    assert list(rows(one.text)) == ["红色 / M"]
    again = tee(("红色",), ("M", "L"))
    again.update(sku_inputs(one.text))
    grid = rows(client.post("/products/skus", data=again, headers=ZH).text)
    assert grid["红色 / L"] == {"price": "42元", "stock": "8", "code": "T-RL"}
    assert grid["红色 / M"] == {"price": "39.9", "stock": "12", "code": "T-RM"}

    saved = tee(("红色",), ("M",))
    saved.update(sku_inputs(one.text))
    assert client.post("/products/new", data=saved).status_code == 302
    product = db.session.scalar(select(Product).order_by(Product.id.desc()))
    assert list(skus_of(product.id)) == [RED_M], "a size unticked is not sold"


def test_the_quality_panel_asks_to_correct_a_stock_it_could_not_read(client, auth):
    """十件 is not yet a stock: the panel asks to correct it, it does not call it sold out;
    a stock left blank is to set; 0 is sold out."""
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    cells = {RED_M: ("39.9", "十件", "T-RM"), BLUE_M: ("39.9", "", "T-BM"),
             RED_L: ("39.9", "0", "T-RL")}  # fmt: skip
    panel = client.post("/products/quality", data=tee(("红色", "蓝色"), ("M", "L"), cells)).text
    assert "correct the price or stock of Red / M" in panel
    assert "set the stock of Blue / M" in panel
    assert "1 SKU has no stock (Red / L)" in panel
    chinese = client.post(
        "/products/quality", data=tee(("红色", "蓝色"), ("M",), cells), headers=ZH
    )
    assert "修正 红色 / M 的价格或库存" in chinese.text


def test_the_bulk_fill_sets_price_and_stock_on_every_row(client, auth):
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    data = tee(("红色", "蓝色"), ("M",), {RED_M: ("10", "1", "T-RM")})
    data.update({"sku_fill": "1", "sku_fill_price": "¥39.90", "sku_fill_stock": "１００"})
    grid = rows(client.post("/products/skus", data=data, headers=ZH).text)
    assert grid == {
        "红色 / M": {"price": "¥39.90", "stock": "１００", "code": "T-RM"},
        "蓝色 / M": {"price": "¥39.90", "stock": "１００", "code": ""},
    }


def test_a_refused_bulk_fill_leaves_every_row_as_it_was(client, auth):
    # Found by a re-check pass: filling 128.005 overwrote every row's good price.
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    data = tee(("红色", "蓝色"), ("M",), {RED_M: ("10", "1", "T-RM")})
    data.update({"sku_fill": "1", "sku_fill_price": "128.005", "sku_fill_stock": "5"})
    page = client.post("/products/skus", data=data, headers=ZH).text
    assert rows(page)["红色 / M"] == {"price": "10", "stock": "1", "code": "T-RM"}
    assert "各行均未改动：最多保留 2 位小数。" in page
    assert 'value="128.005"' in page and 'value="5"' in page  # the fill box keeps what was typed


def test_every_bad_cell_is_said_beside_it_and_nothing_is_saved(client, auth):
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    cells = {RED_M: ("免费", "", "T-1"), BLUE_M: ("45", "-3", "T-1")}
    response = client.post(
        "/products/new", data=tee(("红色", "蓝色"), ("M",), cells, title=""), headers=ZH
    )
    assert response.status_code == 400
    errors = cell_errors(response.text)
    assert "请以数字填写价格，如 ¥39.90。" in errors  # 免费 is not a number
    assert len(errors) == 5, errors  # price, empty stock, bad stock, the code on both rows
    assert "这个商家编码也用在蓝色 / M 上，每个 SKU 需要自己的编码。" in errors
    assert "这个商家编码也用在红色 / M 上，每个 SKU 需要自己的编码。" in errors
    assert "免费" in response.text, "what was typed stays in its cell"
    summary = re.search(r'id="problem-summary".*?</div>', response.text, re.S).group()
    assert "未保存：有 6 处需要修改，已在下方标出。" in summary  # the title and 5 in the grid
    assert '<a href="#title">标题</a>' in summary and '<a href="#skus">SKU</a>（5 处）' in summary
    assert db.session.scalar(select(func.count()).select_from(Product)) == 0


@pytest.mark.parametrize("stock", ["５.5", "三", "12 pcs"])
def test_a_stock_that_is_not_a_count_is_asked_as_a_whole_number_not_a_range(client, auth, stock):
    """「５.5」 lies between 0 and 1,000,000, and 三 is no number the range could judge: the
    range was never what was wrong with them."""
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    cells = {RED_M: ("39,90", stock, "T-1")}
    response = client.post("/products/new", data=tee(cells=cells), headers=ZH)
    assert response.status_code == 400
    assert cell_errors(response.text) == [
        "请以数字填写价格，如 ¥39.90。",
        "库存为整数件数，例如 12。",
    ]
    assert rows(response.text)["红色 / M"] == {"price": "39,90", "stock": stock, "code": "T-1"}


def test_the_listing_shows_the_lowest_price_from_and_the_total_stock(client, auth):
    _, product = saved_tee(client, auth)
    assert (product.price, product.stock) == (Decimal("39.90"), 10)
    assert skus_of(product.id) == {
        RED_M: (Decimal("39.90"), 10, "T-RM"),
        BLUE_M: (Decimal("45.00"), 0, "T-BM"),
    }
    listing = client.get("/products/", headers=ZH).text
    assert "¥39.90 起" in listing and "2 个 SKU" in listing
    page = client.get(f"/products/{product.id}", headers=ZH).text
    assert "蓝色 / M" in page and "¥45.00" in page and "T-BM" in page
    # saved, then opened again: the grid comes back as it was saved
    again = client.get(f"/products/{product.id}/edit", headers=ZH)
    assert again.status_code == 200
    assert rows(again.text)["蓝色 / M"] == {"price": "45.00", "stock": "0", "code": "T-BM"}


def test_a_merchant_code_another_listing_has_is_refused_beside_its_cell(client, auth):
    _store, _product = saved_tee(client, auth)
    response = client.post(
        "/products/new",
        data=tee(("黑色",), ("S",), {'{"colour":"黑色","size":"S"}': ("20", "5", "T-RM")}),
        headers=ZH,
    )
    assert response.status_code == 400
    assert cell_errors(response.text) == ["商家编码 T-RM 已被您店铺的另一个商品使用。"]


def test_a_listing_without_sale_values_keeps_its_own_price_and_stock(client, auth):
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    response = client.post("/products/new", data=tee((), (), price="¥29.90", stock="８"))
    assert response.status_code == 302
    product = db.session.scalar(select(Product))
    assert (product.price, product.stock, skus_of(product.id)) == (Decimal("29.90"), 8, {})


def test_a_change_to_a_live_listings_skus_is_what_the_reviewer_sees(client, auth):
    _store, product = saved_tee(client, auth)
    product.status = ReviewStatus.APPROVED
    factories.make_image(product)
    db.session.commit()
    cells = {
        RED_M: ("35", "10", "T-RM"),
        RED_L: ("39.90", "4", "T-RL"),
        BLUE_M: ("45", "0", "T-BM"),
        BLUE_L: ("45", "6", ""),
    }
    saved = client.post(
        f"/products/{product.id}/edit", data=tee(("红色", "蓝色"), ("M", "L"), cells)
    )
    assert saved.status_code == 302
    assert skus_of(product.id)[RED_M][0] == Decimal("39.90"), "the live SKUs wait for review"
    reopened = client.get(f"/products/{product.id}/edit", headers=ZH)
    assert reopened.status_code == 200 and rows(reopened.text)["红色 / L"]["code"] == "T-RL"
    client.post(f"/products/{product.id}/submit")
    auth.logout()
    auth.as_role(Role.REVIEWER)
    change = db.session.scalar(select(ProductChange).where(ProductChange.product_id == product.id))
    view = client.get(f"/review/product_change/{change.id}", headers=ZH).text
    assert "SKU 红色 / M" in view and "¥35.00" in view, "a price change"
    assert "SKU 红色 / L" in view and "T-RL" in view, "an added SKU"
    decided = client.post(
        f"/review/product_change/{change.id}/decide",
        data={"decision": "approve", "seen": "submitted"},
    )
    assert decided.status_code in (302, 303)
    db.session.expire_all()
    assert len(skus_of(product.id)) == 4
    live = db.session.get(Product, product.id)
    assert (live.price, live.stock) == (Decimal("35.00"), 20)


def test_the_promotion_price_is_checked_against_the_cheapest_sku(client, auth):
    from merchant_portal.onboarding.activities.eligibility import check_eligibility
    from merchant_portal.timeutil import utcnow

    store, product = saved_tee(client, auth)
    product.status = ReviewStatus.APPROVED
    store = db.session.get(type(store), store.id)
    activity = factories.make_activity(min_discount_pct=Decimal(10), min_promo_stock=5)
    db.session.commit()
    checks = {
        c.rule: c
        for c in check_eligibility(activity, store, product, Decimal("40"), 20, 0, utcnow())
    }
    discount = checks["Minimum discount"]
    assert not discount.met and "Red / M" in discount.detail, discount.detail
    stock = checks["Promo stock"]
    assert not stock.met and "only 10 in stock" in stock.detail


def test_the_quality_score_names_skus_out_of_stock_or_without_a_code(client, auth):
    _, product = saved_tee(client, auth, {RED_M: ("39.90", "10", "T-RM"), BLUE_M: ("45", "0", "")})
    page = client.get(f"/products/{product.id}", headers=ZH).text
    assert "1 个 SKU 无库存（蓝色 / M）" in page
    assert "为 1 个 SKU 填写商家编码（蓝色 / M）" in page


def test_the_product_list_and_editor_do_not_ask_per_sku(client, auth):
    _store, product = saved_tee(client, auth)
    with count_queries() as few:
        assert client.get("/products/").status_code == 200
    with count_queries() as few_edit:
        assert client.get(f"/products/{product.id}/edit").status_code == 200
    for number in range(6):  # more listings, each with more SKUs
        cells = {
            f'{{"colour":"{c}","size":"{s}"}}': ("20", "3", f"X{number}{c}{s}")
            for c in ("红色", "蓝色", "黑色")
            for s in ("S", "M", "L")
        }
        data = tee(("红色", "蓝色", "黑色"), ("S", "M", "L"), cells)
        assert client.post("/products/new", data=data).status_code == 302
    with count_queries() as many:
        assert client.get("/products/").status_code == 200
    last = db.session.scalar(select(func.max(Product.id)))
    with count_queries() as many_edit:
        assert client.get(f"/products/{last}/edit").status_code == 200
    assert len(many) <= len(few), "the product list asks once per listing or SKU"
    assert len(many_edit) <= len(few_edit), "the editor asks once per SKU"


def test_a_merchant_code_taken_between_the_check_and_the_save_is_held_by_the_database(
    client, auth, monkeypatch
):
    """Two saves at once both pass the check before saving; the unique index refuses the
    second, which is told beside its cell instead of failing with a 500."""
    from merchant_portal.onboarding.products import sku_views

    saved_tee(client, auth)
    checks = []
    real = sku_views.codes_taken

    def late(*args):  # the first check ran before the other save committed
        checks.append(args)
        return set() if len(checks) == 1 else real(*args)

    monkeypatch.setattr(sku_views, "codes_taken", late)
    response = client.post(
        "/products/new",
        data=tee(("黑色",), ("S",), {'{"colour":"黑色","size":"S"}': ("20", "5", "T-RM")}),
        headers=ZH,
    )
    assert response.status_code == 409
    assert cell_errors(response.text) == ["商家编码 T-RM 已被您店铺的另一个商品使用。"]
    assert 'value="20"' in response.text, "the row typed stays"
    assert db.session.scalar(select(func.count()).select_from(Product)) == 1


def test_the_fill_button_works_without_script_and_saves_nothing(client, auth):
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    data = tee(("红色", "蓝色"), ("M",), {RED_M: ("", "", "T-RM")})
    data.update({"sku_fill": "1", "sku_fill_price": "39.9元", "sku_fill_stock": "7"})
    response = client.post("/products/new", data=data, headers=ZH)
    assert response.status_code == 200
    assert rows(response.text)["蓝色 / M"] == {"price": "39.9元", "stock": "7", "code": ""}
    assert cell_errors(response.text) == []
    assert db.session.scalar(select(func.count()).select_from(Product)) == 0


def test_a_merchant_code_in_a_change_waiting_for_review_is_taken_too(client, auth):
    """Otherwise the reviewer's approval of that change would meet the code already on sale
    under another listing."""
    _store, product = saved_tee(client, auth)
    product.status = ReviewStatus.APPROVED
    db.session.commit()
    cells = {RED_M: ("39.90", "10", "T-RM"), BLUE_M: ("45", "1", "NEW-1")}
    assert client.post(f"/products/{product.id}/edit", data=tee(("红色", "蓝色"), ("M",), cells))
    response = client.post(
        "/products/new",
        data=tee(("黑色",), ("S",), {'{"colour":"黑色","size":"S"}': ("20", "5", "NEW-1")}),
        headers=ZH,
    )
    assert cell_errors(response.text) == ["商家编码 NEW-1 已被您店铺的另一个商品使用。"]


def test_a_trust_rule_checks_every_skus_price_not_only_the_lowest(client, auth):
    """A 5% band: the cheapest SKU unchanged, another doubled, is a reviewer's to see; each
    SKU moved within the band is approved on arrival."""
    from merchant_portal.workflow.models import Review
    from merchant_portal.workflow.trust import TrustRule

    store, product = saved_tee(client, auth)
    product.status = ReviewStatus.APPROVED
    factories.make_image(product)
    reviewer = factories.make_user(Role.REVIEWER)
    for _ in range(3):
        older = factories.make_product(store, title="Older", status=ReviewStatus.APPROVED)
        db.session.add(Review(subject_kind="product", subject_id=older.id,
                              reviewer_id=reviewer.id, decision="approve"))  # fmt: skip
    db.session.add(TrustRule(name="Small price moves", max_price_change_pct=Decimal(5),
                             allow_stock_change=True, clean_decisions=3, sample_pct=0))  # fmt: skip
    db.session.commit()

    def submit(blue_price):
        cells = {RED_M: ("39.90", "10", "T-RM"), BLUE_M: (blue_price, "0", "T-BM")}
        data = tee(("红色", "蓝色"), ("M",), cells)
        assert client.post(f"/products/{product.id}/edit", data=data).status_code == 302
        client.post(f"/products/{product.id}/submit")
        db.session.expire_all()
        return db.session.scalar(
            select(ProductChange).order_by(ProductChange.id.desc()).limit(1)
        ).status

    assert submit("90") == ReviewStatus.SUBMITTED, "a doubled SKU price went on sale unseen"
    db.session.execute(ProductChange.__table__.delete())
    db.session.commit()
    assert submit("46") == ReviewStatus.APPROVED
    assert skus_of(product.id)[BLUE_M][0] == Decimal("46.00")


def test_changing_the_category_swaps_the_grid_for_the_new_leafs_sale_attributes(client, auth):
    _store, product = saved_tee(client, auth)
    to_toys = client.get(f"/products/attributes?category=Toys&product_id={product.id}").text
    skus = to_toys.split('id="skus"')[1]
    assert 'hx-swap-oob="true"' in skus and "data-sku=" not in skus
    assert 'name="price"' in skus and 'value="39.90"' in skus, "the listing's price comes back"
    back = client.get(
        f"/products/attributes?category=tees&product_id={product.id}"
        "&attr:colour=红色&attr:colour=蓝色&attr:size=M",
        headers=ZH,
    ).text
    assert list(rows(back)) == ["红色 / M", "蓝色 / M"]
    assert rows(back)["蓝色 / M"]["code"] == "T-BM", "the saved SKUs come back with the leaf"


def test_rows_typed_survive_a_category_picked_by_mistake_and_picked_back(client, auth):
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    typed = {RED_M: ("39.9", "12", "T-RM")}
    cells = {
        f"sku_{n}:{RED_M}": v for n, v in zip(("price", "stock", "code"), typed[RED_M], strict=True)
    }
    asked = MultiDict({"attr:colour": "红色", "attr:size": "M", **cells})
    to_toys = client.get("/products/attributes", query_string=MultiDict(
        [("category", "Toys"), *asked.items(multi=True)]), headers=ZH).text  # fmt: skip
    assert "data-sku=" not in to_toys.split('id="skus"')[1]
    kept = sku_inputs(to_toys)
    assert kept == cells, "kept hidden while the category has no SKUs"
    back = client.get("/products/attributes", query_string=MultiDict(
        [("category", "tees"), ("attr:colour", "红色"), ("attr:size", "M"), *kept.items()]),
        headers=ZH).text  # fmt: skip
    assert rows(back)["红色 / M"] == {"price": "39.9", "stock": "12", "code": "T-RM"}


def test_a_listing_from_before_skus_opens_with_its_price_on_every_row(client, auth):
    """Listings migrated without SKU rows keep selling at their own price and stock; the first
    edit shows the grid of their sale values with the price filled in and asks for stock."""
    tee_leaf()
    _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    old = factories.make_product(
        store, category="tees", price=Decimal("59.00"), stock=30,
        attributes={"colour": "红色、蓝色", "size": "M", "material": "棉"},
    )  # fmt: skip
    db.session.commit()
    page = client.get(f"/products/{old.id}/edit", headers=ZH).text
    assert "这件商品原以单一价格和库存销售" in page
    assert rows(page) == {
        "红色 / M": {"price": "59.00", "stock": "", "code": ""},
        "蓝色 / M": {"price": "59.00", "stock": "", "code": ""},
    }
    assert "¥59.00" in client.get("/products/", headers=ZH).text


def test_approving_a_change_whose_merchant_code_was_taken_meanwhile_says_so(client, auth):
    """The narrow race the SKU work left: a change passes the code check, then another
    listing takes one of its codes before a reviewer approves it. The store's unique index
    refuses the approval; the reviewer is told why (409), nothing is half applied."""
    store, product = saved_tee(client, auth)
    product.status = ReviewStatus.APPROVED
    factories.make_image(product)
    db.session.commit()
    cells = {RED_M: ("35", "10", "T-RM"), BLUE_M: ("45", "0", "NEW-1")}
    assert client.post(f"/products/{product.id}/edit", data=tee(("红色", "蓝色"), ("M",), cells)).status_code == 302  # fmt: skip
    client.post(f"/products/{product.id}/submit")
    other = factories.make_product(store, title="另一个商品")
    db.session.add(ProductSku(product_id=other.id, store_id=store.id, combination='{"colour":"黑色"}',
                              price=Decimal("9"), stock=1, merchant_code="NEW-1", position=0))  # fmt: skip
    db.session.commit()
    auth.logout()
    auth.as_role(Role.REVIEWER)
    change = db.session.scalar(select(ProductChange).where(ProductChange.product_id == product.id))
    decided = client.post(
        f"/review/product_change/{change.id}/decide",
        data={"decision": "approve", "seen": "submitted"},
        headers=ZH,
    )
    assert decided.status_code == 409
    assert "商家编码" in decided.text
    db.session.expire_all()
    assert db.session.get(ProductChange, change.id).status == ReviewStatus.SUBMITTED
    assert skus_of(product.id)[BLUE_M][2] == "T-BM", "the live SKUs are as they were"


def test_what_the_attack_pass_sent_to_the_grid_is_no_sku_and_no_error_page(client, auth):
    """A field name fifty thousand brackets deep (RecursionError in the JSON reader: a 500),
    a value typed twice (two identical rows), a code carrying U+202E and a line break."""
    _store, product = saved_tee(
        client, auth, cells={RED_M: ("39.90", "3", "A\u202e1\r\n"), BLUE_M: ("45", "1", "B2")}
    )
    assert skus_of(product.id)[RED_M][2] == "A1"
    deep = tee()
    deep.add("sku_price:" + "[" * 50_000, "1")
    assert client.post("/products/skus", data=deep, headers=ZH).status_code == 200
    assert client.post("/products/new", data=deep, headers=ZH).status_code in (302, 400)
    twice = tee(("红色", "紫色,紫色"), ("M",))
    grid = list(rows(client.post("/products/skus", data=twice, headers=ZH).text))
    assert grid == ["红色 / M", "紫色 / M"]


def test_a_cell_named_with_a_lone_surrogate_is_no_row(client, auth):
    """'\\ud800' in a field's JSON name decoded to no text at all: echoed back as a parked row,
    the page could not be written (a 500)."""
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    data = tee()
    data.add('sku_price:{"colour":"\\ud800","size":"M"}', "12")
    for path in ("/products/skus", "/products/new"):
        response = client.post(path, data=data, headers={"HX-Request": "true"})
        assert response.status_code in (200, 400), path
        assert "\\ud800" not in response.text


def test_a_new_listing_with_merchant_codes_sent_twice_is_one_draft_not_a_code_clash(client, auth):
    """The second send met its own codes as "used by another listing" and was refused."""
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    data = tee(("红色",), ("M",), {RED_M: ("39.9", "12", "T-RM")})
    data["form_key"] = "a" * 32
    first = client.post("/products/new", data=data)
    again = client.post("/products/new", data=data)
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Product)) == 1


def test_a_category_change_carries_dozens_of_rows_in_a_post_not_a_url(client, auth):
    """Sent in the query string, a dozen SKUs passed 4 KB: past what a server takes."""
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    typed = {
        f'{{"colour":"{c}","size":"{z}"}}': ("39.9", "5", f"T-{i}")
        for i, (c, z) in enumerate(
            (c, z) for c in ("红色", "蓝色", "黑色") for z in ("S", "M", "L")
        )
    }
    data = tee(("红色", "蓝色", "黑色"), ("S", "M", "L"), typed)
    data["category"] = "Toys"
    away = client.post("/products/attributes", data=data, headers=ZH)
    assert away.status_code == 200 and len(sku_inputs(away.text)) == 27, "all kept, hidden"
    back = MultiDict([(k, v) for k, v in data.items(multi=True) if k != "category"])
    back["category"] = "tees"
    grid = rows(client.post("/products/attributes", data=back, headers=ZH).text)
    assert len(grid) == 9 and grid["黑色 / L"]["code"] == "T-8"
