"""The sales API: tokens, validation by row and field, and a re-sent day replacing, not adding."""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.api.models import ApiToken
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.sales.models import DailySale, ProductWeek
from merchant_portal.timeutil import market_today
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .helpers import bearer, sale, store_gmv, week_gmv

DAY = date(2026, 10, 7)  # a Wednesday; its week starts on Monday 5 October


@pytest.fixture
def shop():
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    products = [
        factories.make_product(store, title=f"Skillet {n}", status=ReviewStatus.APPROVED)
        for n in range(3)
    ]
    admin = factories.make_user(Role.ADMIN)
    db.session.commit()
    return store, products, admin


def rows_stored() -> int:
    return db.session.scalar(select(func.count()).select_from(DailySale))


def test_without_a_token_the_api_answers_401(client, shop):
    _, products, _ = shop
    response = client.post("/api/v1/sales", json={"rows": [sale(products[0].id, DAY)]})
    assert response.status_code == 401
    assert "Bearer" in response.json["message"]
    response = client.post(
        "/api/v1/sales", json={"rows": []}, headers={"Authorization": "Bearer mpt_made-up"}
    )
    assert response.status_code == 401
    assert rows_stored() == 0


def test_a_revoked_token_is_refused(client, auth, shop):
    _, products, admin = shop
    headers = bearer(admin)
    assert client.post("/api/v1/sales", json={"rows": [sale(products[0].id, DAY)]},
                       headers=headers).status_code == 200  # fmt: skip
    auth.login(admin.email)
    token = db.session.scalar(select(ApiToken))
    assert (
        client.post(f"/admin/api-tokens/{token.id}/revoke", data={"confirm": "1"}).status_code
        == 302
    )
    response = client.post(
        "/api/v1/sales", json={"rows": [sale(products[0].id, DAY, gmv="999.00")]}, headers=headers
    )
    assert response.status_code == 401
    assert store_gmv(products[0].store_id, DAY) == Decimal("100.00")


def test_a_token_without_the_sales_scope_answers_403(client, shop):
    _, products, admin = shop
    headers = bearer(admin, scopes=("reports:read",))
    response = client.post("/api/v1/sales", json={"rows": [sale(products[0].id, DAY)]},
                           headers=headers)  # fmt: skip
    assert response.status_code == 403
    assert rows_stored() == 0


def test_only_a_hash_of_the_token_is_kept(client, auth, shop):
    _, _, admin = shop
    auth.login(admin.email)
    page = client.post(
        "/admin/api-tokens", data={"name": "Marketplace nightly", "scopes": ["sales:write"]}
    )
    assert page.status_code == 200
    secret = page.get_data(as_text=True).split('<code class="secret">')[1].split("</code>")[0]
    token = db.session.scalar(select(ApiToken))
    assert secret.startswith("mpt_") and secret not in (token.token_hash, token.prefix)
    assert secret not in client.get("/admin/api-tokens").get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.subject_kind ==
                                                             "api_token")) == "issue"  # fmt: skip


def test_issuing_a_token_needs_a_name_and_a_scope(client, auth, shop):
    auth.login(shop[2].email)
    page = client.post("/admin/api-tokens", data={"name": " "})
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "Name the token" in text and "Choose at least one scope" in text
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_a_malformed_batch_names_each_row_and_field_and_stores_nothing(client, shop):
    _, products, admin = shop
    rows = [
        sale(products[0].id, DAY),
        sale(products[1].id, DAY, gmv="12.345", visitors=-1),
        sale(products[2].id, DAY + timedelta(days=4000)),
        sale(999999, DAY),
        sale(products[0].id, DAY, orders=90),
        {"product_id": products[1].id, "day": "7/10/2026", "visitors": "lots", "orders": 1,
         "units": 1, "gmv": "NaN", "colour": "red"},
        sale(products[0].id, DAY),
    ]  # fmt: skip
    response = client.post("/api/v1/sales", json={"rows": rows}, headers=bearer(admin))
    assert response.status_code == 422
    errors = {(e["row"], e["field"]) for e in response.json["errors"]}
    assert errors == {
        (1, "visitors"), (1, "gmv"), (2, "day"), (3, "product_id"), (4, "orders"),
        (5, "day"), (5, "visitors"), (5, "gmv"), (5, "colour"), (6, "day"),
    }  # fmt: skip
    messages = {(e["row"], e["field"]): e["message"] for e in response.json["errors"]}
    assert messages[(6, "day")] == "this product and day are already in row 0"
    assert messages[(4, "orders")] == "orders cannot exceed visitors"
    assert rows_stored() == 0
    assert store_gmv(products[0].store_id, DAY) is None


@pytest.mark.parametrize(
    "body", [None, [], {"rows": "many"}, {"rows": []}, {"rows": [1, "x"]}, {"data": []}]
)
def test_bodies_that_are_not_batches_are_refused_without_a_500(client, shop, body):
    headers = bearer(shop[2])
    response = client.post("/api/v1/sales", json=body, headers=headers)
    assert response.status_code in (400, 422)
    assert response.is_json


def test_a_batch_is_stored_and_rolled_up_per_store_day_week_and_product(client, shop):
    store, products, admin = shop
    rows = [sale(products[0].id, DAY, gmv="100.50"), sale(products[1].id, DAY, gmv="20.00"),
            sale(products[0].id, DAY + timedelta(days=1), gmv="30.00", refunds="5.00")]  # fmt: skip
    response = client.post("/api/v1/sales", json={"rows": rows}, headers=bearer(admin))
    assert response.status_code == 200
    assert response.json == {"stored": 3, "stores": 1}
    assert store_gmv(store.id, DAY) == Decimal("120.50")
    assert week_gmv(store.id, date(2026, 10, 5)) == Decimal("150.50")
    product_week = db.session.scalar(
        select(ProductWeek.gmv).where(ProductWeek.product_id == products[0].id)
    )
    assert product_week == Decimal("130.50")


def test_a_resent_day_replaces_and_never_adds(client, shop):
    store, products, admin = shop
    headers = bearer(admin)
    batch = {"rows": [sale(products[0].id, DAY), sale(products[1].id, DAY, gmv="50.00")]}
    for _ in range(3):
        assert client.post("/api/v1/sales", json=batch, headers=headers).status_code == 200
    assert rows_stored() == 2
    assert store_gmv(store.id, DAY) == Decimal("150.00")
    corrected = {"rows": [sale(products[0].id, DAY, gmv="80.00")]}
    assert client.post("/api/v1/sales", json=corrected, headers=headers).status_code == 200
    assert store_gmv(store.id, DAY) == Decimal("130.00")
    assert week_gmv(store.id, date(2026, 10, 5)) == Decimal("130.00")
    received = select(func.count()).where(AuditEvent.action == "sales_received")
    assert db.session.scalar(received) == 4


def test_two_batches_racing_on_the_same_store_day_count_each_product_once(app, shop):
    """Both batches hold product 0 (same figures) and one other product each: whatever order
    they land in, the store's day is the three products' sum, never product 0 twice."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has a single writer: two batches cannot race there")
    store, products, admin = shop
    headers = bearer(admin)
    batches = [
        {"rows": [sale(products[0].id, DAY, gmv="100.00"), sale(products[1].id, DAY, gmv="50.00")]},
        {"rows": [sale(products[0].id, DAY, gmv="100.00"), sale(products[2].id, DAY, gmv="30.00")]},
    ]  # fmt: skip
    barrier = threading.Barrier(2, timeout=10)
    statuses: list[int] = []

    def send(batch: dict) -> None:
        client = app.test_client()
        barrier.wait()
        statuses.append(client.post("/api/v1/sales", json=batch, headers=headers).status_code)

    for _ in range(5):  # several rounds: the interleaving differs from one to the next
        threads = [threading.Thread(target=send, args=(batch,)) for batch in batches]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert statuses == [200] * 10
    assert rows_stored() == 3
    assert store_gmv(store.id, DAY) == Decimal("180.00")
    assert week_gmv(store.id, date(2026, 10, 5)) == Decimal("180.00")


def test_the_openapi_document_describes_the_sales_endpoint(client):
    document = client.get("/api/v1/openapi.json").json
    operation = document["paths"]["/api/v1/sales"]["post"]
    assert document["openapi"].startswith("3.")
    assert operation["security"] == [{"token": ["sales:write"]}]
    assert {"401", "403", "422"} <= operation["responses"].keys()
    row = document["components"]["schemas"]["SaleRow"]
    assert {"product_id", "day", "visitors", "orders", "units", "gmv"} == set(row["required"])


def test_the_api_needs_no_csrf_token_but_pages_still_do(make_app, shop):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    _, products, admin = shop
    headers = bearer(admin)
    assert client.post("/api/v1/sales", json={"rows": [sale(products[0].id, DAY)]},
                       headers=headers).status_code == 200  # fmt: skip
    assert client.post("/login", data={"email": admin.email}).status_code == 400


def test_a_day_in_the_future_is_refused(client, shop):
    _, products, admin = shop
    tomorrow_but_one = market_today() + timedelta(days=2)
    response = client.post("/api/v1/sales", json={"rows": [sale(products[0].id, tomorrow_but_one)]},
                           headers=bearer(admin))  # fmt: skip
    assert response.json["errors"] == [
        {"row": 0, "field": "day", "message": "day is in the future"}
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("visitors", "\u00b2"),  # "²".isdigit() is true and int() refused it: 500
        ("visitors", "9" * 5000),  # past int()'s digit limit: 500
        ("visitors", "\u0661\u0662"),  # Arabic-Indic 12 was stored as 12
        ("product_id", "\uff11"),  # a full-width 1
        ("visitors", 1e300),
        ("gmv", "\u0661\u0660"),  # Decimal() reads other scripts' digits too
        ("gmv", "1_0"),  # and underscores
        ("gmv", "1e2"),
        ("gmv", "sNaN"),
        ("gmv", True),
        ("gmv", [1]),
        ("day", "20261007"),  # fromisoformat's other spellings
        ("day", "2026-W41-3"),
        ("day", 20261007),
    ],
)
def test_a_value_that_is_not_plainly_written_is_a_field_problem(client, shop, field, value):
    """Found by the attack pass: the API read its numbers with isdigit(), int() and Decimal()."""
    _, products, admin = shop
    row = {**sale(products[0].id, DAY), field: value}
    response = client.post("/api/v1/sales", json={"rows": [row]}, headers=bearer(admin))
    assert response.status_code == 422, response.json
    assert {(e["row"], e["field"]) for e in response.json["errors"]} == {(0, field)}
    assert rows_stored() == 0


def test_plain_json_numbers_are_still_read(client, shop):
    _, products, admin = shop
    row = sale(products[0].id, DAY, gmv=129.9, visitors=80.0, orders=" 4 ")
    response = client.post("/api/v1/sales", json={"rows": [row]}, headers=bearer(admin))
    assert response.status_code == 200, response.json
    assert store_gmv(products[0].store_id, DAY) == Decimal("129.90")


def test_nan_and_infinity_are_not_json(client, shop):
    """Python's JSON reader takes NaN and Infinity; the portal's does not."""
    body = '{"rows": [{"product_id": 1, "day": "2026-10-07", "visitors": NaN}]}'
    response = client.post(
        "/api/v1/sales", data=body, content_type="application/json", headers=bearer(shop[2])
    )
    assert response.status_code == 400
    assert rows_stored() == 0


def test_a_refreshed_issue_page_does_not_issue_a_second_live_token(client, auth, shop):
    """Refreshing the page that shows a new token posts the form again: it is refused, so no
    second token, never copied, stays live."""
    auth.login(shop[2].email)
    form = {"name": "Marketplace nightly", "scopes": ["sales:write"]}
    assert client.post("/admin/api-tokens", data=form).status_code == 200
    again = client.post("/admin/api-tokens", data=form)
    assert again.status_code == 400
    assert "A live token already has this name" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 1
    token = db.session.scalar(select(ApiToken))
    client.post(f"/admin/api-tokens/{token.id}/revoke", data={"confirm": "1"})
    assert client.post("/admin/api-tokens", data=form).status_code == 200  # once revoked
