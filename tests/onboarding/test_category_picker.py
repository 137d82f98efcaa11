# ruff: noqa: RUF001  (the path separator pages show)
"""The editor's category picker: the plain select still files the listing (no script needed),
and every leaf carries its path in both languages for the search box to find (portal.js)."""

import re

from merchant_portal.workflow.reviewable import ReviewStatus

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def test_each_category_can_be_found_by_its_path_in_either_language(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    page = client.get("/products/new", headers=ZH).text
    select = page.split('name="category"')[1].split("</select>")[0]
    assert re.search(
        r"<select[^>]*data-picker=[^>]*name=\"category\"|<select[^>]*name=\"category\"[^>]*data-picker=",
        page,
    )
    garden = re.search(r'<option[^>]*value="Garden"[^>]*>', select).group(0)
    assert "家居园艺 › 园艺家居" in garden and "Home &amp; Garden › Garden" in garden
    assert ">家居园艺 › 园艺家居</option>" in select, "the option reads in the page's language"


def test_the_select_alone_files_the_listing(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    response = client.post(
        "/products/new", data={"title": "陶瓷花盆 15厘米", "category": "Garden", "price": "39.90"}
    )
    assert response.status_code == 302


def test_a_leaf_is_found_by_what_merchants_also_call_its_words(client, auth):
    """服饰 is 服装 to many merchants, T恤 is 短袖: each leaf's search names carry those too."""
    from merchant_portal.extensions import db
    from merchant_portal.onboarding.categories.models import CategoryNode
    from merchant_portal.onboarding.categories.tree import forget_tree

    top = CategoryNode(code="apparel-x", name_zh="服饰内衣", name_en="Clothing & Underwear")
    db.session.add(top)
    db.session.flush()
    men = CategoryNode(code="mens-x", parent_id=top.id, name_zh="男装", name_en="Men's clothing")
    db.session.add(men)
    db.session.flush()
    db.session.add(CategoryNode(code="mens-tees-x", parent_id=men.id, name_zh="T恤",
                                name_en="T-shirts"))  # fmt: skip
    db.session.commit()
    forget_tree()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    page = client.get("/products/new", headers=ZH).text
    tees = re.search(r'<option[^>]*value="mens-tees-x"[^>]*>', page).group(0)
    for word in ("服装", "短袖", "男士", "Men&#39;s clothing"):
        assert word in tees, word
