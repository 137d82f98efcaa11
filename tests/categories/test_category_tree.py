# ruff: noqa: RUF001  (paths and files as Chinese merchants and admins write them)
"""The category tree as data (issue 21): a seeded tree of several levels in both languages, a
listing filed in a leaf by its path, attributes read by their kind, files naming categories by
path or name, and admins keeping the tree as a file without breaking a listing."""

import io
import re

import openpyxl
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.onboarding.categories.models import CategoryAttribute, CategoryNode
from merchant_portal.onboarding.categories.services import load_seed
from merchant_portal.onboarding.categories.tree import current_tree
from merchant_portal.onboarding.products.models import Product
from merchant_portal.workflow.reviewable import ReviewStatus
from tests import factories
from tests.query_counter import count_queries

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EN = {"Accept-Language": "en"}
POTS = "garden-supplies-flower-pots"


def seeded():
    load_seed()
    db.session.commit()


def problems(html: str) -> list[tuple[str, str, str]]:
    return re.findall(
        r'<tr><td class="num">([^<]*)</td><td><code>([^<]*)</code></td><td>([^<]*)</td></tr>', html
    )


def nodes() -> int:
    return db.session.scalar(select(func.count()).select_from(CategoryNode))


def test_the_seed_is_a_tree_of_hundreds_in_both_languages_and_loads_once():
    seeded()
    first = (nodes(), db.session.scalar(select(func.count()).select_from(CategoryAttribute)))
    assert first[0] >= 250
    assert load_seed().any is False  # the same file again: nothing changes
    db.session.commit()
    assert (
        nodes(),
        db.session.scalar(select(func.count()).select_from(CategoryAttribute)),
    ) == first
    tops = db.session.scalars(select(CategoryNode.name_zh).where(CategoryNode.parent_id.is_(None)))
    assert {"服饰内衣", "家居园艺", "食品生鲜", "美妆个护", "数码家电", "母婴玩具"} <= set(tops)


def test_the_command_loads_the_tree(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["load-categories"])
    assert result.exit_code == 0, result.output
    assert nodes() >= 250
    again = runner.invoke(args=["load-categories"])
    assert "0 added, 0 changed" in again.output


def test_the_editor_offers_leaves_by_path_in_the_readers_language(client, auth):
    seeded()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    zh = client.get("/products/new", headers=ZH).text
    assert "家居园艺 › 园艺用品 › 花盆" in zh
    en = client.get("/products/new", headers=EN).text
    assert "Home &amp; Garden › Gardening › Flower pots" in en
    fields = client.get(f"/products/attributes?category={POTS}", headers=ZH).text
    assert '<select id="attr-1" name="attr:material">' in fields  # one of a list
    assert "(cm)" in fields and 'type="checkbox" name="attr:colour"' in fields


def test_a_refused_listing_shows_every_attribute_problem_at_once_and_keeps_what_was_typed(
    client, auth
):
    seeded()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    form = {"title": "", "category": POTS, "attr:diameter": "十五", "attr:material": ""}
    response = client.post("/products/new", data=form, headers=ZH)
    assert response.status_code == 400
    page = response.text
    assert "请填写材质。" in page  # required
    assert "请输入数字" in page and "cm" in page  # a number in its unit
    assert "十五" in page  # kept as typed
    assert Product.query.count() == 0


def test_a_listing_saves_numbers_in_their_unit_and_options_in_either_language(client, auth):
    seeded()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    form = {
        "title": "陶瓷花盆 北欧简约 15厘米",
        "category": POTS,
        "price": "¥39.90",
        "stock": "120",
        "attr:diameter": "15厘米",
        "attr:material": "陶瓷",
        "attr:colour": ["白色", "黑色"],  # a sale attribute: each colour is a SKU
        'sku_price:{"colour":"白色"}': "¥39.90",
        'sku_stock:{"colour":"白色"}': "60",
        'sku_price:{"colour":"黑色"}': "39.9元",
        'sku_stock:{"colour":"黑色"}': "６０",
    }
    response = client.post("/products/new", data=form, headers=ZH)
    assert response.status_code == 302, response.text
    product = db.session.scalar(select(Product))
    assert product.category == POTS
    assert product.attributes["diameter"] == "15"
    assert product.attributes["colour"] == "白色、黑色"
    page = client.get(response.headers["Location"], headers=EN).text
    assert "Home &amp; Garden › Gardening › Flower pots" in page
    assert "15 cm" in page and "White、Black" in page


def test_a_file_names_a_category_by_path_or_unique_name_and_an_unknown_one_gets_the_nearest(
    client, auth
):
    seeded()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    good = (
        "标题,类目,价格,库存,属性\n"
        "陶瓷花盆 北欧简约,家居园艺 › 园艺用品 › 花盆,39.90,10,材质=陶瓷; 口径=15厘米\n"
        "Ceramic pot with saucer,Flower pots,39.90,10,material=Ceramic\n"
    )
    response = client.post(
        "/products/import",
        data={"file": (io.BytesIO(good.encode("utf-8-sig")), "商品.csv")},
        content_type="multipart/form-data",
        headers=ZH,
    )
    assert response.status_code == 302, problems(response.text)
    made = db.session.scalars(select(Product).order_by(Product.id)).all()
    assert [p.category for p in made] == [POTS, POTS]
    assert made[0].attributes["diameter"] == "15" and made[1].attributes["material"] == "陶瓷"
    bad = "标题,类目,价格,库存,属性\n陶瓷花瓶 北欧,花瓶子,39.90,10,材质=陶瓷\nT恤 纯棉,T恤,39.90,10,\n"
    response = client.post(
        "/products/import",
        data={"file": (io.BytesIO(bad.encode()), "商品2.csv")},
        content_type="multipart/form-data",
        headers=ZH,
    )
    assert response.status_code == 400
    found = problems(response.text)
    assert any(r == "2" and c == "类目" and "家居园艺 › 家居饰品 › 花瓶" in m for r, c, m in found)
    assert any(r == "3" and c == "类目" and "女装 › T恤" in m for r, c, m in found), found
    # the category is the one problem of its row: its attributes are not read against none
    assert [c for r, c, _m in found if r == "2"] == ["类目"], found


def test_the_end_of_a_path_names_the_leaf_its_parent_tells_apart(app):
    """Merchants copy the last two levels of a path (女装 > T恤): T恤 alone is under 女装 and
    男装 both, and the file was refused with 男装's offered first."""
    seeded()
    tree = current_tree()
    for typed in (
        "女装 > T恤",
        "女装/T恤",
        "Women's clothing › T-shirts",
        "服饰内衣 ? 女装 ? T恤",  # the template after Excel saved it as GBK
        "女装／T恤",  # a Chinese keyboard's slash
        "服装/女装/T恤",  # the top named otherwise: the end still tells
        "女装 T恤",  # a space between levels, as the editor's search takes it
        "女装-T恤",  # a dash between levels, as merchants' own sheets write them
        "服饰内衣—女装—T恤",
        "女装－T恤",
        "Womens clothing > Tshirts",
        "Women’s clothing › T-shirts",  # Excel's curly apostrophe
        "女装 > T-shirts",  # a level in each language
        "女装\u200b > T恤\ufeff",  # what a copied cell brings along, unseen
        "女装 短袖",  # as the editor's search finds it: 短袖 is what merchants call T恤
    ):
        node, near = tree.find(typed)
        assert node is not None and node.code == "womens-t-shirts", (typed, near)
    node, near = tree.find("女装" + " " * 60_000 + "T恤")  # a cell of spaces: no minute-long wait
    assert node is None
    assert tree.find("男装 > T恤")[0].code == "mens-t-shirts"
    node, near = tree.find("T恤")  # a name alone stays ambiguous: both are offered
    assert node is None and {"womens-t-shirts", "mens-t-shirts"} <= {n.code for n in near}


def export(client, kind="xlsx") -> bytes:
    response = client.get(f"/admin/categories/export.{kind}", headers=ZH)
    assert response.status_code == 200
    return response.data


def import_file(client, raw: bytes, name="categories.xlsx"):
    return client.post(
        "/admin/categories",
        data={"file": (io.BytesIO(raw), name)},
        content_type="multipart/form-data",
        headers=ZH,
    )


def test_the_admins_export_imported_back_changes_nothing(client, auth):
    seeded()
    auth.as_role(Role.ADMIN)
    for kind in ("xlsx", "csv"):
        before = nodes()
        response = import_file(client, export(client, kind), f"categories.{kind}")
        assert response.status_code == 302
        page = client.get(response.headers["Location"], headers=ZH).text
        assert "文件与类目树一致" in page  # nothing changed
        assert nodes() == before
    imports = select(func.count()).where(AuditEvent.action == "import_category_tree")
    assert db.session.scalar(imports) == 0  # nothing changed, nothing to audit


def sheet(raw: bytes):
    book = openpyxl.load_workbook(io.BytesIO(raw))
    return book, book.active


def test_a_bad_file_names_every_problem_by_row_and_column_and_changes_nothing(client, auth):
    seeded()
    auth.as_role(Role.ADMIN)
    book, rows = sheet(export(client))
    rows["B3"] = "no-such-parent"
    rows["G4"] = "diameter | 口径 | Diameter | size | cm |"
    rows["D5"] = "母婴、玩具"  # 、 separates the levels of a path in a file
    out = io.BytesIO()
    book.save(out)
    names = db.session.scalars(select(CategoryNode.name_zh)).all()
    response = import_file(client, out.getvalue())
    assert response.status_code == 400
    found = problems(response.text)
    assert ("3", "上级编码", "没有编码为“no-such-parent”的类目。") in found, found
    assert any(r == "4" and c == "商品属性" and "size" in m for r, c, m in found), found
    assert any(r == "5" and "名称中不能含有“、”" in m for r, c, m in found), found
    assert db.session.scalars(select(CategoryNode.name_zh)).all() == names


def test_retiring_a_category_keeps_its_listings_values_and_flags_them(client, auth):
    seeded()
    user, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, category=POTS, attributes={"material": "陶瓷"})
    db.session.commit()
    auth.logout()
    auth.as_role(Role.ADMIN)
    book, rows = sheet(export(client))
    row = next(r for r in rows.iter_rows(min_row=2) if r[0].value == POTS)
    row[5].value = "是"
    out = io.BytesIO()
    book.save(out)
    response = import_file(client, out.getvalue())
    assert response.status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import_category_tree"))
    assert event.detail["retired"] == 1
    auth.logout()
    auth.login(user.email)
    page = client.get(f"/products/{product.id}", headers=ZH).text
    assert "类目已停用，请另选类目。" in page
    assert "陶瓷" in page
    editor = client.get(f"/products/{product.id}/edit", headers=ZH).text
    assert (
        "家居园艺 › 园艺用品 › 花盆" not in editor.split('id="category"')[1].split("</select>")[0]
    )
    db.session.refresh(product)
    assert product.attributes == {"material": "陶瓷"} and product.category == POTS


def test_the_tree_page_reads_the_tree_in_a_fixed_number_of_queries(client, auth):
    auth.as_role(Role.ADMIN)
    with count_queries() as small:
        assert client.get("/admin/categories").status_code == 200
    seeded()
    with count_queries() as large:
        page = client.get("/admin/categories", headers=ZH)
    assert "家居园艺 › 园艺用品 › 花盆" in page.text
    assert len(large) == len(small)
