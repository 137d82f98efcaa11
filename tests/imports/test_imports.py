"""Imports recognised by content: a second import of the same file is refused, naming the
first; an import is undone as a whole; both are in the audit trail."""

import io

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.budget.models import PerformanceRecord
from merchant_portal.extensions import db
from merchant_portal.imports.models import ImportBatch
from merchant_portal.onboarding.products.models import Product
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

PRODUCTS = (
    "title,description,category,price,stock,attributes\n"
    "Linen apron with two pockets,Stonewashed linen,Home & Kitchen,24.00,25,material=linen\n"
    "Oak chopping board 40 cm,End grain oak,Home & Kitchen,39.00,10,material=oak\n"
)
RESULTS = (
    "placement,period_start,period_end,spend,impressions,clicks,conversions,revenue\n"
    "search_top,2026-11-01,2026-11-07,500,0,625,10,450\n"
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def post_file(client, url: str, text: str, name: str = "file.csv"):
    return client.post(
        url, data={"file": (io.BytesIO(text.encode()), name)}, content_type="multipart/form-data"
    )


def test_the_same_product_file_twice_is_refused_naming_the_first(client, auth):
    merchant, _ = auth.as_merchant(status=ReviewStatus.APPROVED)
    assert post_file(client, "/products/import", PRODUCTS, "spring.csv").status_code == 302
    # the same rows saved again elsewhere: other name, Windows line endings, a byte-order mark
    again = post_file(
        client, "/products/import", "\ufeff" + PRODUCTS.replace("\n", "\r\n"), "x.csv"
    )
    assert again.status_code == 400
    assert "already imported by " + merchant.email in again.text
    assert "spring.csv" in again.text
    assert count(Product) == 2


def test_a_product_import_is_undone_as_a_whole_and_can_then_be_imported_again(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    post_file(client, "/products/import", PRODUCTS)
    batch = db.session.scalar(select(ImportBatch))
    page = client.get("/products/import").text
    assert "Undo this import" in page
    asked = client.post(f"/products/import/{batch.id}/undo")
    assert "2 products will be deleted" in asked.text and count(Product) == 2  # asked first
    undone = client.post(
        f"/products/import/{batch.id}/undo", data={"confirm": "1"}, follow_redirects=True
    )
    assert "its 2 products removed" in undone.text
    assert count(Product) == 0
    actions = set(
        db.session.scalars(select(AuditEvent.action).where(AuditEvent.subject_kind == "import"))
    )
    assert actions == {"import", "undo_import"}
    # undone, the content is free again
    assert post_file(client, "/products/import", PRODUCTS).status_code == 302
    assert count(Product) == 2


def test_undo_is_refused_once_a_product_of_the_import_was_submitted(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    post_file(client, "/products/import", PRODUCTS)
    apron = db.session.scalar(select(Product).where(Product.title.startswith("Linen")))
    apron.status = ReviewStatus.SUBMITTED
    db.session.commit()
    batch = db.session.scalar(select(ImportBatch))
    response = client.post(
        f"/products/import/{batch.id}/undo", data={"confirm": "1"}, follow_redirects=True
    )
    assert "cannot be undone as a whole" in response.text and "Linen apron" in response.text
    assert count(Product) == 2


def test_another_merchants_import_cannot_be_undone(client, auth):
    other, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    batch = ImportBatch(kind="products", store_id=store.id, content_hash="0" * 64,
                        file_name="a.csv", row_count=1, created_by_id=other.id)  # fmt: skip
    db.session.add(batch)
    db.session.commit()
    auth.as_merchant(status=ReviewStatus.APPROVED)
    assert client.post(f"/products/import/{batch.id}/undo").status_code == 404


def test_the_same_results_file_twice_is_refused_and_an_import_undone(client, auth):
    planner = auth.as_role(Role.PLANNER)
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement("search_top")
    db.session.commit()
    url = f"/budget/stores/{store.id}/results/import"
    assert post_file(client, url, RESULTS, "week45.csv").status_code == 302
    again = post_file(client, url, RESULTS, "week45-copy.csv")
    assert again.status_code == 409
    assert f"already imported by {planner.email}" in again.text and "week45.csv" in again.text
    assert count(PerformanceRecord) == 1  # revenue not doubled

    batch = db.session.scalar(select(ImportBatch))
    undone = client.post(f"/budget/stores/{store.id}/results/imports/{batch.id}/undo",
                         data={"confirm": "1"}, follow_redirects=True)  # fmt: skip
    assert "1 result removed" in undone.text
    assert count(PerformanceRecord) == 0
    assert "Undone" in client.get(f"/budget/stores/{store.id}/results").text


def test_the_same_results_file_for_another_store_is_another_import(client, auth):
    auth.as_role(Role.PLANNER)
    _, first = factories.make_merchant(status=ReviewStatus.APPROVED)
    _, second = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement("search_top")
    db.session.commit()
    for store in (first, second):
        assert (
            post_file(client, f"/budget/stores/{store.id}/results/import", RESULTS).status_code
            == 302
        )
    assert count(PerformanceRecord) == 2


def test_an_imported_file_name_is_stored_clean(client, auth):
    """Found by the attack pass: a product or results CSV named "a\\x00.csv" answered 500 on
    PostgreSQL when its batch was inserted."""
    auth.as_merchant(status=ReviewStatus.APPROVED)
    assert post_file(client, "/products/import", PRODUCTS, "spring\x00.csv").status_code == 302
    assert db.session.scalar(select(ImportBatch.file_name)) == "spring.csv"


def test_a_semicolon_separated_file_from_a_spreadsheet_imports(client, auth):
    """A spreadsheet set to a decimal-comma language saves "CSV" with semicolons: the file is
    read as the columns it has, not refused as one unknown column."""
    auth.as_merchant(status=ReviewStatus.APPROVED)
    text = PRODUCTS.replace(",", ";")
    response = post_file(client, "/products/import", text, "products.csv")
    assert response.status_code == 302, response.text
    assert count(Product) == 2


def test_a_category_not_in_the_catalogue_names_the_nearest_one(client, auth):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    text = PRODUCTS.replace("Home & Kitchen,24.00", "Kitchen,24.00")
    response = post_file(client, "/products/import", text, "products.csv")
    assert response.status_code == 400
    assert "Not a valid choice" not in response.text
    said = response.text.split("“Kitchen” is not a category you can list in; did you mean")[1]
    assert "Home &amp; Kitchen”?" in said.split("</td>")[0]
    assert count(Product) == 0


def test_a_row_with_more_cells_than_the_header_is_refused_not_cut(client, auth):
    """An unquoted comma in the attributes cell made a seventh cell, dropped without a word:
    the product was imported without what came after the comma."""
    auth.as_merchant(status=ReviewStatus.APPROVED)
    text = (
        "title,description,category,price,stock,attributes\n"
        "Linen apron with two pockets,Stonewashed,Home & Kitchen,24.00,25,material=linen,colour=sage\n"
    )
    response = post_file(client, "/products/import", text, "products.csv")
    assert response.status_code == 400
    assert "this row has more cells than the header (“colour=sage” and after)" in response.text
    assert count(Product) == 0
