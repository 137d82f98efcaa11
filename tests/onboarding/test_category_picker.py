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
