# ruff: noqa: RUF001  (the files are written as Chinese merchants write them)
"""Product files as merchants have them (issue 21), imported through the page: a CSV saved
by Excel on a Chinese Windows (GBK), UTF-8 with a BOM, bare \\r line endings, Chinese
headers, categories and attributes by their Chinese names, prices as ¥39.90, .xlsx files;
the template in the reader's language; the export imported back changes nothing; and the
upload attacked (zip bomb, formulas, 50,000 rows, mixed encodings)."""

import csv
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
from sqlalchemy import func, select

from merchant_portal.extensions import db
from merchant_portal.imports.models import ImportBatch
from merchant_portal.onboarding.products.models import Product
from merchant_portal.workflow.reviewable import ReviewStatus

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
CHINESE_FILE = (
    "标题,描述,类目,价格,库存,属性\n"
    "陶瓷花盆 北欧简约 带托盘 15厘米,高温烧制陶瓷，底部排水孔。,园艺家居,￥39.90,1.2万,材质=陶瓷；尺寸=15厘米\n"
    '铸铁平底锅 26厘米 预开锅,预开锅铸铁，拿到即可烹饪。,家居厨具,"1,299.00",４０,材质：铸铁\n'
)


def upload(client, raw: bytes, name: str = "商品.csv", headers=None):
    return client.post(
        "/products/import",
        data={"file": (io.BytesIO(raw), name)},
        content_type="multipart/form-data",
        headers=headers or {},
    )


def products() -> list[Product]:
    return list(db.session.scalars(select(Product).order_by(Product.id)))


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Product))


def xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def problems(html: str) -> list[tuple[str, str, str]]:
    return re.findall(
        r'<tr><td class="num">([^<]*)</td><td><code>([^<]*)</code></td><td>([^<]*)</td></tr>', html
    )


def test_a_gbk_csv_saved_by_excel_with_chinese_names_imports(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    response = upload(client, CHINESE_FILE.encode("gbk"))
    assert response.status_code == 302, problems(response.text) or response.text
    pot, pan = products()
    assert (pot.category, pot.price, pot.stock) == ("Garden", Decimal("39.90"), 12_000)
    assert pot.attributes == {"material": "陶瓷", "dimensions": "15厘米"}
    assert (pan.category, pan.price, pan.stock) == ("Home & Kitchen", Decimal("1299.00"), 40)
    assert pan.attributes == {"material": "铸铁"}


def test_utf8_with_bom_and_bare_carriage_returns_and_gb18030_import(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    text = CHINESE_FILE.replace("\n", "\r")
    assert upload(client, "\ufeff".encode() + text.encode()).status_code == 302
    assert count() == 2
    other = CHINESE_FILE.replace("陶瓷花盆", "白瓷花盆").replace("铸铁平底锅", "生铁平底锅")
    assert upload(client, other.encode("gb18030"), "b.csv").status_code == 302
    assert count() == 4


def test_an_xlsx_with_chinese_headers_and_attribute_columns_imports(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    raw = xlsx(
        [
            ["商品标题", "类目", "价格（元）", "库存", "材质", "尺寸"],
            ["陶瓷花盆 北欧简约 15厘米", "家居园艺 › 园艺家居", 39.9, 120, "陶瓷", "15厘米"],
            ["Linen apron with two pockets", "Home & Kitchen", "24", 25.0, "linen", None],
        ]
    )
    response = upload(client, raw, "商品.xlsx")
    assert response.status_code == 302, problems(response.text) or response.text
    pot, apron = products()
    assert (pot.category, pot.price, pot.stock) == ("Garden", Decimal("39.90"), 120)
    assert pot.attributes == {"material": "陶瓷", "dimensions": "15厘米"}
    assert (apron.price, apron.stock, apron.attributes) == (
        Decimal("24.00"),
        25,
        {"material": "linen"},
    )


def test_bad_rows_are_named_by_row_and_column_in_the_readers_language(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    text = (
        "标题,类目,价格,库存,属性\n"
        "陶瓷花盆 北欧简约,园艺家居,￥39.90,10,材质=陶瓷\n"
        "铸铁平底锅,厨房,39.90,10,\n"
        "亚麻围裙,家居厨具,三十九,很多,形状=圆\n"
    )
    response = upload(client, text.encode("gbk"), headers=ZH)
    assert response.status_code == 400
    found = problems(response.text)
    # the nearest leaf named, by its path
    assert ("3", "类目", "“厨房”不是可发布商品的类目；您是不是要找“家居园艺 › 家居厨具”？请写完整的类目路径，可参照模板的第二个工作表。") in found, found  # fmt: skip
    assert any(
        row == "4" and column == "价格" and "请输入数字" in said for row, column, said in found
    )
    assert any(row == "4" and column == "库存" for row, column, _ in found)
    assert any(row == "4" and column == "属性" and "材质" in said for row, column, said in found)
    assert count() == 0


def test_the_template_speaks_the_readers_language_and_imports_as_it_is(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    sheet = client.get("/products/import/template.xlsx", headers=ZH)
    assert sheet.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(sheet.data))
    products_sheet, categories = book.worksheets
    rows = list(products_sheet.values)
    assert rows[0] == (
        "标题 *",
        "描述",
        "类目 *",
        "价格 *",
        "库存 *",
        "商品属性",
        "商家编码",
        "商品ID",
        "导出版本",
    )
    assert rows[2][2] == "家居园艺 > 园艺家居" and "材质=陶瓷" in rows[2][5]
    assert ("家居园艺 > 园艺家居", "材质、尺寸、适用季节") in list(categories.values)
    assert upload(client, sheet.data, "模板.xlsx").status_code == 302
    plain = client.get("/products/import/template.csv", headers=ZH)
    assert plain.data.startswith(b"\xef\xbb\xbf") and "标题 *" in plain.data.decode("utf-8-sig")
    english = client.get("/products/import/template.csv").data.decode("utf-8-sig")
    assert english.startswith("Title *,Description,Category *")


def test_the_export_imported_back_changes_nothing(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    assert upload(client, CHINESE_FILE.encode("gbk")).status_code == 302
    client.post(
        "/products/new",
        data={"title": "=HYPERLINK(\"http://x\")手工", "category": "Toys", "price": "9.90",
              "stock": "3"},
    )  # fmt: skip
    assert count() == 3
    for kind in ("xlsx", "csv"):
        exported = client.get(f"/products/export.{kind}", headers=ZH)
        again = upload(client, exported.data, f"export.{kind}", headers=ZH)
        assert again.status_code == 400, kind
        assert "已经在您的店铺里" in again.text or "已由" in again.text, again.text
        assert count() == 3
        assert db.session.scalar(select(func.count()).select_from(ImportBatch)) == 1, kind
    exported = client.get("/products/export.csv").data.decode("utf-8-sig")
    cells = [row[0] for row in csv.reader(io.StringIO(exported))]
    assert '\'=HYPERLINK("http://x")手工' in cells, "a formula stays text in Excel"


def test_a_zip_bomb_is_refused_unopened(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/workbook.xml", "<workbook/>")
        bomb.writestr("xl/worksheets/sheet1.xml", b"\0" * (200 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    response = upload(client, out.getvalue(), "bomb.xlsx")
    assert response.status_code == 400
    assert "unpacks to more than 40 MB" in response.text
    damaged = upload(client, b"PK\x03\x04" + b"\0" * 100, "damaged.xlsx")
    assert "not an Excel .xlsx file" in damaged.text
    assert count() == 0


def test_formulas_are_read_as_their_saved_values_never_evaluated(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    raw = xlsx(
        [
            ["title", "category", "price", "stock"],
            ["Oak board", "Home & Kitchen", "=1+1", '=WEBSERVICE("http://x")'],
        ]
    )  # openpyxl saves no values for formulas: the cells are empty to the import
    response = upload(client, raw, "formulas.xlsx")
    assert response.status_code == 400
    assert "Enter the price." in response.text and "Enter the stock." in response.text
    assert count() == 0


def test_fifty_thousand_rows_are_refused_with_the_limit(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    # short rows: a test upload past 500 KB is spooled to a file the test client leaves open
    text = "title,category,price,stock\n" + "a,T,1,1\n" * 50_000
    response = upload(client, text.encode())
    assert response.status_code == 400
    assert "more than 2,000 products" in response.text
    big = xlsx([["title", "category", "price", "stock"]] + [["Oak board x", "Toys", 1, 1]] * 2_500)
    response = upload(client, big, "big.xlsx")
    assert "more than 2,000 products" in response.text
    assert count() == 0


def test_a_file_mixing_utf8_and_gbk_lines_is_refused(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    head, first, second = CHINESE_FILE.strip().split("\n")
    raw = (head + "\n" + first + "\n").encode("gbk") + (second + "\n").encode("utf-8")
    response = upload(client, raw, headers=ZH)
    assert response.status_code == 400
    assert "UTF-8" in response.text and "GBK" in response.text
    assert count() == 0
