"""Two tabs save two listings with the same merchant code (商家编码) at the same moment: one is
saved, the other is told beside its cell, neither sees an error page. Each on a connection of
its own, released together (run on PostgreSQL: TEST_DATABASE_URL)."""

from sqlalchemy import func, select

from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product, ProductSku
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..conftest import Auth
from ..imports.test_races import Request, together
from .sku_helpers import tee_leaf
from .test_skus import tee

ROUNDS = 4


def test_one_merchant_code_saved_twice_at_once_is_kept_by_one_listing(app):
    tee_leaf()
    merchant, _store = factories.make_merchant(status=ReviewStatus.APPROVED)
    db.session.commit()
    tabs = [app.test_client(), app.test_client()]
    for tab in tabs:
        Auth(tab).login(merchant.email)
    for round_ in range(ROUNDS):
        code = f"RACE-{round_}"

        def save(client, colour, code=code):
            cell = {f'{{"colour":"{colour}","size":"M"}}': ("39.90", "5", code)}
            return client.post("/products/new", data=tee((colour,), ("M",), cell))

        answers = together(
            app,
            [
                Request(tabs[0], lambda c: save(c, "红色")),
                Request(tabs[1], lambda c: save(c, "蓝色")),
            ],
        )
        statuses = sorted(a.status_code for a in answers)
        assert statuses[0] == 302 and statuses[1] in (400, 409), statuses
        refused = next(a for a in answers if a.status_code != 302)
        assert f"Merchant code {code} is used by another listing" in refused.text
        db.session.expire_all()
        holders = db.session.scalar(
            select(func.count()).select_from(ProductSku).where(ProductSku.merchant_code == code)
        )
        assert holders == 1
    assert db.session.scalar(select(func.count()).select_from(Product)) == ROUNDS
