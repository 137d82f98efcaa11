"""Undoing an import asks first and says what will go: found by a new user, whose 300-product
import vanished on one click of "Undo this import"."""

from decimal import Decimal

from sqlalchemy import func, insert, select

from merchant_portal.extensions import db
from merchant_portal.imports.models import ImportBatch
from merchant_portal.onboarding.products.models import Product
from merchant_portal.workflow.reviewable import ReviewStatus

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def products() -> int:
    return db.session.scalar(select(func.count()).select_from(Product))


def test_undoing_a_300_product_import_says_300_products_will_be_deleted(client, auth):
    merchant, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    batch = ImportBatch(kind="products", store_id=store.id, content_hash="a" * 64,
                        file_name="catalogue.csv", row_count=300, created_by_id=merchant.id)  # fmt: skip
    db.session.add(batch)
    db.session.flush()
    db.session.execute(insert(Product), [
        {"store_id": store.id, "title": f"Product {n}", "price": Decimal("9.90"), "stock": 1,
         "status": ReviewStatus.DRAFT, "import_batch_id": batch.id} for n in range(300)])  # fmt: skip
    db.session.commit()
    asked = client.post(f"/products/import/{batch.id}/undo", headers=ZH)
    assert asked.status_code == 200
    confirm = asked.text.split('id="confirm"')[1].split("</form>")[0]
    assert "将删除 300 个商品" in confirm and 'name="confirm" value="1"' in confirm
    assert products() == 300, "deleted before asking"
    client.post(f"/products/import/{batch.id}/undo", data={"confirm": "1"})
    assert products() == 0
