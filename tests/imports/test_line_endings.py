"""Every CSV import reads a file whatever its line endings: \\n, \\r\\n, or the bare \\r that
old Mac spreadsheets save (read as one broken row before)."""

import io

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import PerformanceRecord
from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product
from merchant_portal.sales.models import DailySale
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

ENDINGS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


def lines(*rows: str, ending: str) -> bytes:
    return (ending.join(rows) + ending).encode()


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("ending", ENDINGS.values(), ids=ENDINGS.keys())
def test_product_import(client, auth, ending):
    auth.as_merchant(status=ReviewStatus.APPROVED)
    raw = lines("title,description,category,price,stock,attributes",
                "Walnut chopping board 40 cm,Oiled walnut board,Home & Kitchen,39.90,12,",
                "Linen apron with two pockets,Washed linen,Home & Kitchen,19.90,5,",
                ending=ending)  # fmt: skip
    answer = client.post("/products/import", data={"file": (io.BytesIO(raw), "p.csv")})
    assert answer.status_code == 302, answer.text[:500]
    assert count(Product) == 2


@pytest.mark.parametrize("ending", ENDINGS.values(), ids=ENDINGS.keys())
def test_results_import(client, auth, ending):
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_placement()
    db.session.commit()
    auth.as_role(Role.PLANNER)
    raw = lines("placement,period_start,period_end,spend,impressions,clicks,conversions,revenue",
                "search_top,2026-11-01,2026-11-07,120.50,5000,150,12,980.00",
                "search_top,2026-11-08,2026-11-14,100.00,4000,120,10,800.00",
                ending=ending)  # fmt: skip
    answer = client.post(f"/budget/stores/{store.id}/results/import",
                         data={"file": (io.BytesIO(raw), "r.csv")})  # fmt: skip
    assert answer.status_code == 302, answer.text[:500]
    assert count(PerformanceRecord) == 2


@pytest.mark.parametrize("ending", ENDINGS.values(), ids=ENDINGS.keys())
def test_sales_import(client, auth, ending):
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, status=ReviewStatus.APPROVED)
    db.session.commit()
    auth.as_role(Role.ADMIN)
    raw = lines("product_id,day,visitors,orders,units,gmv",
                f"{product.id},2026-10-07,80,4,4,100.00", f"{product.id},2026-10-08,80,4,4,90.00",
                ending=ending)  # fmt: skip
    answer = client.post("/sales/import", data={"file": (io.BytesIO(raw), "s.csv")})
    assert answer.status_code == 302, answer.text[:500]
    assert count(DailySale) == 2
