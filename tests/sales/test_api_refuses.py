"""What the sales API (and the CSV import, which reads rows the same way) refuses, and how it
says so: JSON in English for every error, whatever the site's language or the Accept header."""

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.sales.models import DailySale
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .helpers import bearer, sale

DAY = date(2026, 10, 7)
CHINESE_BROWSER = {"Accept-Language": "zh-CN,zh;q=0.9", "Accept": "text/html"}


@pytest.fixture
def shop():
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    live = factories.make_product(store, status=ReviewStatus.APPROVED)
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    return store, live, admin


def stored() -> int:
    return db.session.scalar(select(func.count()).select_from(DailySale))


@pytest.mark.parametrize("status", [s for s in ReviewStatus if s != ReviewStatus.APPROVED], ids=str)
def test_sales_for_a_product_not_on_sale_are_refused(client, shop, status):
    store, live, admin = shop
    hidden = factories.make_product(store, title="Linen apron with two pockets", status=status)
    db.session.commit()
    batch = {"rows": [sale(live.id, DAY), sale(hidden.id, DAY)]}
    answer = client.post("/api/v1/sales", json=batch, headers=bearer(admin))
    assert answer.status_code == 422
    assert answer.json["errors"] == [
        {"row": 1, "field": "product_id", "message": "this product is not on sale: no sales yet"}
    ]
    assert stored() == 0, "nothing of a refused batch is stored"


def test_refunds_above_the_days_gmv_are_refused(client, shop):
    _, live, admin = shop
    batch = {"rows": [sale(live.id, DAY, gmv="100.00", refunds="100.01")]}
    answer = client.post("/api/v1/sales", json=batch, headers=bearer(admin))
    assert answer.status_code == 422
    assert answer.json["errors"][0]["field"] == "refunds"
    assert "exceed" in answer.json["errors"][0]["message"]
    equal = {"rows": [sale(live.id, DAY, gmv="100.00", refunds="100.00")]}
    assert client.post("/api/v1/sales", json=equal, headers=bearer(admin)).status_code == 200


def test_the_csv_import_refuses_the_same(client, auth, shop):
    store, live, _ = shop
    draft = factories.make_product(store, title="Linen apron with two pockets")
    db.session.commit()
    auth.as_role(Role.ADMIN)
    text = (
        "product_id,day,visitors,orders,units,gmv,refunds\n"
        f"{draft.id},2026-10-07,80,4,4,100.00,0\n"
        f"{live.id},2026-10-07,80,4,4,100.00,150.00\n"
    )
    answer = client.post("/sales/import", data={"file": (io.BytesIO(text.encode()), "s.csv")},
                         headers={"Accept-Language": "en"})  # fmt: skip
    assert answer.status_code == 400
    assert "this product is not on sale" in answer.text
    assert "refunds cannot exceed" in answer.text
    assert stored() == 0


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/api/v1/sales", 405), ("PUT", "/api/v1/sales", 405),
     ("GET", "/api/v1/nothing", 404), ("POST", "/api/v1/openapi.json", 405)],
)  # fmt: skip
def test_api_errors_are_english_json_for_a_chinese_browser(client, method, path, status):
    answer = client.open(path, method=method, headers=CHINESE_BROWSER)
    assert answer.status_code == status
    assert answer.mimetype == "application/json", answer.get_data(as_text=True)[:200]
    assert answer.json["message"].isascii(), answer.json
    assert answer.json["error"].isascii()


def test_a_body_too_large_is_english_json(make_app, shop):
    _, live, admin = shop
    app = make_app(MAX_CONTENT_LENGTH=200)
    with app.app_context():
        headers = {**bearer(admin), **CHINESE_BROWSER}
    big = {"rows": [sale(live.id, DAY) for _ in range(20)]}
    answer = app.test_client().post("/api/v1/sales", json=big, headers=headers)
    assert answer.status_code == 413
    assert answer.mimetype == "application/json"
    assert answer.json == {
        "error": "request_entity_too_large",
        "message": "What you sent is larger than the portal accepts.",
    }


def test_pages_still_answer_in_the_readers_language(client):
    answer = client.get("/no-such-page", headers=CHINESE_BROWSER)
    assert answer.status_code == 404 and answer.mimetype == "text/html"
    assert not answer.get_data(as_text=True).isascii()
