# ruff: noqa: RUF001  (the files are written as Chinese merchants write them)
"""SKU rows in product files (issue 21), imported through the page: one row per SKU with the
listing's columns repeated, as Taobao and JD sheets have them; sale values in columns named
颜色/尺码 or in the attributes cell; the merchant code (商家编码); bad rows named by row and
column in the reader's language with nothing imported; the export imported back changes
nothing."""

import io
from decimal import Decimal

import openpyxl
from sqlalchemy import func, select

from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product, ProductSku
from merchant_portal.workflow.reviewable import ReviewStatus

from .sku_helpers import tee_leaf
from .test_product_files import ZH, problems, upload

TEE_FILE = (
    "标题,描述,类目,价格,库存,颜色,尺码,商家编码,属性\n"
    "纯棉圆领短袖T恤,精梳棉。,服装 > T恤,￥39.90,10,红色,M,T-RM,材质=棉\n"
    "纯棉圆领短袖T恤,精梳棉。,服装 > T恤,39.9元,５,红色,L,T-RL,材质=棉\n"
    "纯棉圆领短袖T恤,精梳棉。,服装 > T恤,45,0,Blue,M,T-BM,材质=棉\n"
    "纯棉圆领短袖T恤,精梳棉。,服装 > T恤,45,8,蓝色,L,T-BL,材质=棉\n"
    "帆布托特包,,T恤,59,3,,,,材质=棉\n"
)


def count(model=Product) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_sku_rows_of_a_gbk_file_make_one_listing_with_its_skus(client, auth):
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    response = upload(client, TEE_FILE.encode("gbk"), headers=ZH)
    assert response.status_code == 302, problems(response.text) or response.text
    tee, bag = db.session.scalars(select(Product).order_by(Product.id))
    assert (tee.price, tee.stock) == (Decimal("39.90"), 23)
    assert tee.attributes == {"colour": "红色、蓝色", "size": "M、L", "material": "棉"}
    skus = {
        (s.combination, s.price, s.stock, s.merchant_code)
        for s in db.session.scalars(select(ProductSku).where(ProductSku.product_id == tee.id))
    }
    assert skus == {
        ('{"colour":"红色","size":"M"}', Decimal("39.90"), 10, "T-RM"),
        ('{"colour":"红色","size":"L"}', Decimal("39.90"), 5, "T-RL"),
        ('{"colour":"蓝色","size":"M"}', Decimal("45.00"), 0, "T-BM"),
        ('{"colour":"蓝色","size":"L"}', Decimal("45.00"), 8, "T-BL"),
    }
    assert (bag.price, bag.stock) == (Decimal("59.00"), 3)
    assert "¥39.90 起" in client.get("/products/", headers=ZH).text
    history = client.get("/products/import", headers=ZH).text.split('id="imports"')[1]
    assert "生成的商品数" in history and '<td class="num">2</td>' in history  # 5 rows, 2 listings


def test_bad_sku_rows_are_named_by_row_and_column_and_nothing_is_imported(client, auth):
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    bad = (
        "标题,类目,价格,库存,颜色,尺码,商家编码\n"
        "T恤甲,T恤,39.9,10,红色,M,A-1\n"
        "T恤甲,T恤,39.9,abc,蓝色,M,A-1\n"  # stock unreadable, code twice
        "T恤乙,T恤,20,1,红色、蓝色,S,B-1\n"  # two colours on one SKU row
        "T恤丙,T恤,20,1,红色,S,\n"
        "T恤丙,T恤,20,1,蓝色,M,\n"  # 红色/M and 蓝色/S have no row
        "包,T恤,20,1,,,C-1\n"  # a merchant code with no SKU
    )
    response = upload(client, bad.encode("utf-8-sig"), headers=ZH)
    assert response.status_code == 400
    found = problems(response.text)
    said = {(row, column) for row, column, _ in found}
    assert ("3", "库存") in said
    assert ("3", "商家编码") in said and any("第 2 行" in m for _, _, m in found)
    assert ("4", "颜色") in said and any("只写一个颜色" in m for _, _, m in found)
    assert ("5", "标题") in said and any("红色 / M" in m for _, _, m in found)
    assert ("7", "商家编码") in said
    assert count() == 0 and count(ProductSku) == 0


def test_the_export_with_skus_imported_back_changes_nothing(client, auth):
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    assert upload(client, TEE_FILE.encode("gbk"), headers=ZH).status_code == 302
    for kind in ("xlsx", "csv"):
        exported = client.get(f"/products/export.{kind}", headers=ZH)
        if kind == "xlsx":
            sheet = openpyxl.load_workbook(io.BytesIO(exported.data)).worksheets[0]
            lines = list(sheet.values)
            assert lines[0][-3:] == ("商家编码", "商品ID", "导出版本") and len(lines) == 6, (
                "one row per SKU"
            )
            red_m = next(line for line in lines if line[6] == "T-RM")
            assert "颜色=红色" in red_m[5] and "尺码=M" in red_m[5]
            assert red_m[3] == 39.9  # a number Excel can sum and sort, not text
        again = upload(client, exported.data, f"export.{kind}", headers=ZH)
        assert again.status_code == 400, problems(again.text) or again.text
        assert "已经在您的店铺里" in again.text or "已由" in again.text
        assert count() == 2 and count(ProductSku) == 4


def test_the_template_shows_a_listing_with_skus_and_imports_as_it_is(client, auth):
    tee_leaf()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    sheet = client.get("/products/import/template.xlsx", headers=ZH)
    book = openpyxl.load_workbook(io.BytesIO(sheet.data))
    lines = list(book.worksheets[0].values)
    sku_lines = [line for line in lines if line[6] and str(line[6]).startswith("SKU-")]
    assert len(sku_lines) == 2 and sku_lines[0][0] == sku_lines[1][0]
    assert any("生成 SKU" in str(row[1]) for row in book.worksheets[1].values)
    assert upload(client, sheet.data, "模板.xlsx", headers=ZH).status_code == 302
    assert count(ProductSku) == 2
