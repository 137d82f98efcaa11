"""Large CSV imports run in the background: the page answers at once, shows progress, and the
import lands whole (or lists every problem) when the job ends; a repeated task adds nothing."""

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import PerformanceRecord
from merchant_portal.budget.results.import_job import results_import_task
from merchant_portal.extensions import db
from merchant_portal.jobs.models import Job
from merchant_portal.notifications.models import Notification
from merchant_portal.onboarding.products.import_job import product_import_task
from merchant_portal.onboarding.products.models import Product
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

HEADER = "title,description,category,price,stock,attributes\n"
ROWS = 30


@pytest.fixture
def small_inline_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_INLINE_ROWS", 10)


def upload(client, path: str, text: str):
    return client.post(
        path,
        data={"file": (io.BytesIO(text.encode()), "file.csv")},
        content_type="multipart/form-data",
    )


def products_csv(bad_row: int | None = None) -> str:
    lines = [
        f"Cast iron skillet {i} cm,Pre-seasoned and oven safe,Home & Kitchen,"
        f"{'-3' if i == bad_row else '34.90'},40,material=cast iron"
        for i in range(ROWS)
    ]
    return HEADER + "\n".join(lines) + "\n"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_large_product_import_answers_at_once_and_shows_progress(
    client, auth, small_inline_limit, parked_queue
):
    merchant, _ = auth.as_merchant(status=ReviewStatus.APPROVED)
    response = upload(client, "/products/import", products_csv())
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job = db.session.scalar(select(Job))
    assert (job.kind, job.status, count(Product)) == ("product_import", "queued", 0)
    page = client.get(response.headers["Location"]).text
    assert "Product import" in page and "Waiting to start" in page
    assert f'hx-get="/jobs/{job.id}" hx-trigger="every 1s"' in page, "the page polls"
    assert client.get("/products/").status_code == 200, "the portal works meanwhile"

    product_import_task.call_local(job.id)  # the worker picks it up
    db.session.expire_all()
    fragment = client.get(f"/jobs/{job.id}", headers={"HX-Request": "true"}).text
    assert "Imported 30 products as drafts" in fragment and "Show the products" in fragment
    assert "hx-trigger" not in fragment
    assert count(Product) == ROWS
    notice = db.session.scalar(select(Notification).where(Notification.user_id == merchant.id))
    assert notice.subject == "Product import: finished" and notice.link == f"/jobs/{job.id}"

    product_import_task.call_local(job.id)  # delivered twice: nothing more
    assert count(Product) == ROWS


def test_a_large_product_import_with_a_bad_row_imports_nothing_and_lists_it(
    client, auth, small_inline_limit
):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    response = upload(client, "/products/import", products_csv(bad_row=17))
    page = client.get(response.headers["Location"]).text
    assert "1 problem in the file: nothing was imported" in page
    assert '<td class="num">19</td><td><code>price</code></td>' in page, "row 19 of the sheet"
    assert "Retry" not in page, "a file with bad rows is fixed and uploaded again, not retried"
    assert count(Product) == 0


def test_a_large_results_import_runs_in_the_background(client, auth, small_inline_limit):
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement("search_top")
    db.session.commit()
    auth.as_role(Role.PLANNER)
    rows = "".join(  # 28 weeks, one row each
        f"search_top,{date(2026, 1, 5) + timedelta(weeks=n)},100,0,120,6,360\n" for n in range(28)
    )
    csv_text = "placement,week,spend,impressions,clicks,conversions,revenue\n"
    response = upload(client, f"/budget/stores/{store.id}/results/import", csv_text + rows)
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    page = client.get(response.headers["Location"]).text
    assert "Imported 28 results." in page and "Show the results and estimates" in page
    job = db.session.scalar(select(Job))
    results_import_task.call_local(job.id)
    assert count(PerformanceRecord) == 28, "a repeated task counts nothing twice"


def test_a_large_xlsx_in_chinese_is_imported_in_the_background(
    client, auth, small_inline_limit, parked_queue
):
    """The background job reads the file as the page does: an .xlsx, Chinese headers."""
    import openpyxl

    auth.as_merchant(status=ReviewStatus.APPROVED)
    book = openpyxl.Workbook()
    book.active.append(["标题", "类目", "价格", "库存", "材质"])
    for i in range(ROWS):
        book.active.append(
            [f"陶瓷花盆 {i} 号 北欧简约", "园艺家居", f"¥{i + 10}.90", "1万", "陶瓷"]
        )
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        "/products/import",
        data={"file": (io.BytesIO(out.getvalue()), "花盆.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302 and "/jobs/" in response.headers["Location"]
    job = db.session.scalar(select(Job))
    product_import_task.call_local(job.id)
    db.session.expire_all()
    assert count(Product) == ROWS
    assert set(db.session.scalars(select(Product.category))) == {"Garden"}
    assert set(db.session.scalars(select(Product.stock))) == {10_000}
