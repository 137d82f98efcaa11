# ruff: noqa: RUF001  (the merchant types Chinese, with a Chinese input method's digits)
"""A Chinese merchant gives her T-shirt SKUs (issue 21), in Chromium: ticking a colour builds
the grid, what she typed in a row stays when she ticks another colour, one click fills every
row, and the saved listing shows the lowest price "起" and each SKU."""

import re
from decimal import Decimal

from playwright.sync_api import expect
from sqlalchemy import select

from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product, ProductSku
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..onboarding.sku_helpers import tee_leaf
from .test_review_journey import log_in


def open_tee_editor(page, title: str = "纯棉圆领短袖T恤 男女同款") -> Product:
    """A Chinese merchant's T-shirt, no price or stock yet, open in her editor."""
    leaf = tee_leaf()
    merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    merchant.locale = "zh_Hans"
    tee = factories.make_product(store, title=title, category=leaf, price=None, stock=None)
    db.session.commit()
    log_in(page, merchant.email)
    page.goto(f"/products/{tee.id}/edit")
    return tee


def category_search(page):
    """The box above the category select (its placeholder, in Chinese)."""
    return page.get_by_placeholder("输入类目名称的一部分")


def test_a_merchant_builds_her_sku_grid_and_fills_it(page):
    tee = open_tee_editor(page)
    grid = page.locator("#skus")

    page.get_by_label("红色").check()
    page.get_by_label("M", exact=True).check()
    expect(grid.locator("tr.sku")).to_have_count(1)
    page.get_by_label("红色 / M 价格").fill("¥39.90")
    page.get_by_label("红色 / M 库存").fill("１２")
    page.get_by_label("红色 / M 商家编码").fill("T-RM")

    page.get_by_label("蓝色").check()
    expect(grid.locator("tr.sku")).to_have_count(2)
    expect(page.get_by_label("红色 / M 价格")).to_have_value("¥39.90")
    expect(page.get_by_label("红色 / M 商家编码")).to_have_value("T-RM")

    page.get_by_label("所有 SKU 的价格").fill("45元")
    page.get_by_label("所有 SKU 的库存").fill("5")
    page.get_by_role("button", name="填入每一行").click()
    expect(page.get_by_label("蓝色 / M 价格")).to_have_value("45元")
    expect(page.get_by_label("红色 / M 库存")).to_have_value("5")
    page.get_by_label("红色 / M 价格").fill("39.9元")

    page.get_by_role("button", name="保存").click()
    expect(page.locator("#skus")).to_contain_text("蓝色 / M")
    expect(page.locator(".facts")).to_contain_text("¥39.90 起")
    db.session.expire_all()
    saved = db.session.get(Product, tee.id)
    assert (saved.price, saved.stock) == (Decimal("39.90"), 10)
    codes = set(db.session.scalars(select(ProductSku.merchant_code)))
    assert codes == {"T-RM", None}


def test_a_row_s_price_stock_and_code_stand_side_by_side_under_their_headings(page):
    """Each cell was laid out as a form's column (the field class): the three boxes of a row
    stood one on another under 价格, with 库存 and 商家编码 over empty space."""
    open_tee_editor(page)
    page.get_by_label("红色").check()
    page.get_by_label("M", exact=True).check()
    boxes = [page.get_by_label(f"红色 / M {name}") for name in ("价格", "库存", "商家编码")]
    headings = [page.locator("#skus th", has_text=name) for name in ("价格", "库存", "商家编码")]
    expect(boxes[0]).to_be_visible()
    places = [box.bounding_box() for box in boxes]
    tops = {round(place["y"]) for place in places}
    assert len(tops) == 1, places  # one line
    for box, heading in zip(places, headings, strict=True):
        over = heading.first.bounding_box()
        assert over["x"] - 2 <= box["x"] < over["x"] + over["width"], (box, over)


def test_the_grid_s_requests_go_one_at_a_time(page):
    """CI once found the grid without the size just ticked (红色 then M, two requests in flight
    at once from two boxes). The grid's requests now wait for each other, so whatever order
    the answers would come in, the last one is built from every tick."""
    open_tee_editor(page, "纯棉圆领短袖T恤")
    held, sent = [], []

    def hold_the_first(route):
        sent.append(route.request.post_data or "")
        if held:
            route.continue_()
        else:
            held.append(route)  # answered only after the second tick

    page.route("**/products/skus", hold_the_first)
    page.get_by_label("红色").check()
    page.get_by_label("M", exact=True).check()
    page.wait_for_timeout(500)
    assert len(sent) == 1, "the second tick's request went out while the first was unanswered"
    held[0].continue_()
    expect(page.get_by_label("红色 / M 价格")).to_be_visible()
    assert len(sent) == 2


def test_a_size_unticked_by_mistake_and_ticked_again_keeps_its_row(page):
    open_tee_editor(page)
    grid = page.locator("#skus")
    page.get_by_label("红色").check()
    page.get_by_label("M", exact=True).check()
    page.get_by_label("L", exact=True).check()
    expect(grid.locator("tr.sku")).to_have_count(2)
    page.get_by_label("红色 / L 价格").fill("42元")
    page.get_by_label("红色 / L 库存").fill("８")
    page.get_by_label("L", exact=True).uncheck()
    expect(grid.locator("tr.sku")).to_have_count(1)
    page.get_by_label("L", exact=True).check()
    expect(grid.locator("tr.sku")).to_have_count(2)
    expect(page.get_by_label("红色 / L 价格")).to_have_value("42元")
    expect(page.get_by_label("红色 / L 库存")).to_have_value("８")


def test_the_category_search_finds_a_leaf_by_words_from_two_levels(page):
    """服装 is the top level, T恤 the leaf: typed with a space between, as merchants search."""
    leaf = tee_leaf()
    merchant, _ = factories.make_merchant(status=ReviewStatus.APPROVED)
    merchant.locale = "zh_Hans"
    db.session.commit()
    log_in(page, merchant.email)
    page.goto("/products/new")
    category_search(page).fill("服装 T恤")
    expect(page.locator("select[name=category]")).to_have_value(leaf)
    expect(page.get_by_label("红色")).to_be_visible()  # its sale values came with it
    search = category_search(page)
    page.locator("select[name=category]").select_option("Garden")
    search.fill("clothes tshirt")  # "T-shirts" typed as people type it
    expect(page.locator("select[name=category]")).to_have_value(leaf)


def test_enter_in_a_cell_saves_and_enter_in_the_category_search_does_not(page):
    """Enter pressed the form's first button, the grid's "fill every row", and in the search
    box it sent the listing half written."""
    tee = open_tee_editor(page)
    category_search(page).fill("服装 T恤")
    category_search(page).press("Enter")
    expect(page.locator("#problem-summary")).to_have_count(0)
    page.get_by_label("红色").check()
    page.get_by_label("M", exact=True).check()
    page.get_by_label("红色 / M 价格").fill("39.90")
    page.get_by_label("所有 SKU 的库存").fill("7")
    page.get_by_label("所有 SKU 的库存").press("Enter")  # fills the rows, saves nothing
    expect(page.get_by_label("红色 / M 库存")).to_have_value("7")
    expect(page).to_have_url(re.compile(rf"/products/{tee.id}/edit$"))
    page.get_by_label("红色 / M 库存").fill("12")
    page.get_by_label("红色 / M 库存").press("Enter")
    expect(page).to_have_url(re.compile(rf"/products/{tee.id}$"))
    db.session.expire_all()
    assert db.session.get(Product, tee.id).stock == 12


def test_the_category_search_reads_words_as_merchants_type_them(page):
    """ "mens" starts a word ("Men's"), it is not inside "Women's"; 服装 and 短袖 are what
    merchants call 服饰 and T恤."""
    from merchant_portal.onboarding.categories.models import CategoryNode
    from merchant_portal.onboarding.categories.tree import forget_tree

    top = CategoryNode(code="apparel-x", name_zh="服饰内衣", name_en="Clothing & Underwear")
    db.session.add(top)
    db.session.flush()
    for code, zh, en in (
        ("mens-x", "男装", "Men's clothing"),
        ("womens-x", "女装", "Women's clothing"),
    ):
        group = CategoryNode(code=code, parent_id=top.id, name_zh=zh, name_en=en)
        db.session.add(group)
        db.session.flush()
        db.session.add(CategoryNode(code=f"{code}-tees", parent_id=group.id, name_zh="T恤",
                                    name_en="T-shirts"))  # fmt: skip
    merchant, _ = factories.make_merchant(status=ReviewStatus.APPROVED)
    merchant.locale = "zh_Hans"
    db.session.commit()
    forget_tree()
    log_in(page, merchant.email)
    page.goto("/products/new")
    search = category_search(page)
    category = page.locator("select[name=category]")
    search.fill("mens t-shirt")
    expect(category).to_have_value("mens-x-tees")
    search.fill("服装 短袖 女装")
    expect(category).to_have_value("womens-x-tees")
