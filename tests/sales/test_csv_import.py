"""Operations upload sales as CSV: all or nothing, problems by row and column, no double counting."""

import io
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.sales.models import DailySale
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .helpers import store_gmv


def upload(client, text: str):
    return client.post(
        "/sales/import",
        data={"file": (io.BytesIO(text.encode()), "sales.csv")},
        content_type="multipart/form-data",
    )


def test_a_good_file_is_stored_and_a_second_upload_changes_nothing(client, auth):
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, status=ReviewStatus.APPROVED)
    auth.as_role(Role.REVIEWER)
    text = (
        "product_id,day,visitors,orders,units,gmv,refunds\n"
        f"{product.id},2026-10-01,100,5,6,250.00,\n"
        f"{product.id},2026-10-02,90,3,3,150.00,10\n"
    )
    for _ in range(2):
        response = upload(client, text)
        assert response.status_code == 302
    assert "Stored 2 days" in client.get("/sales/import").get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(DailySale)) == 2
    assert store_gmv(store.id, date(2026, 10, 1)) == Decimal("250.00")


def test_one_bad_row_stores_nothing_and_is_named(client, auth):
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, status=ReviewStatus.APPROVED)
    auth.as_role(Role.ADMIN)
    text = (
        "product_id,day,visitors,orders,units,gmv\n"
        f"{product.id},2026-10-01,100,5,6,250.00\n"
        f"{product.id},2026-10-02,90,3,3,-4\n"
    )
    response = upload(client, text)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "1 problem: nothing was stored" in page
    assert '<td class="num">3</td><td><code>gmv</code></td>' in page
    assert db.session.scalar(select(func.count()).select_from(DailySale)) == 0


def test_a_file_with_a_wrong_header_is_refused(client, auth):
    auth.as_role(Role.REVIEWER)
    response = upload(client, "sku,date,gmv\nA,2026-10-01,3\n")
    assert response.status_code == 400
    assert "this column is required" in response.get_data(as_text=True)


def test_digits_of_other_scripts_are_row_problems_not_errors(client, auth):
    """Found by the attack pass: a "²" in a count answered 500; "١٢" was stored as 12."""
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, status=ReviewStatus.APPROVED)
    auth.as_role(Role.ADMIN)
    text = (
        "product_id,day,visitors,orders,units,gmv\n"
        f"{product.id},2026-10-01,\u00b2,5,6,250.00\n"
        f"{product.id},2026-10-02,\u0661\u0662,3,3,150.00\n"
    )
    response = upload(client, text)
    assert response.status_code == 400
    assert "2 problems: nothing was stored" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(DailySale)) == 0


def test_a_column_named_twice_is_refused_not_read_from_the_last(client, auth):
    """Found by the attack pass: "product_id,product_id,…" stored the second column's product
    (the csv module keeps the last of two keys) and said nothing."""
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    first = factories.make_product(store, status=ReviewStatus.APPROVED)
    second = factories.make_product(store, title="Linen apron with two pockets",
                                    status=ReviewStatus.APPROVED)  # fmt: skip
    auth.as_role(Role.ADMIN)
    text = (
        "product_id,product_id,day,visitors,orders,units,gmv\n"
        f"{first.id},{second.id},2026-10-01,100,5,6,250.00\n"
    )
    response = upload(client, text)
    assert response.status_code == 400
    assert "appears more than once" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(DailySale)) == 0
