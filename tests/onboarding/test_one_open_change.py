"""Two images dropped on a live listing at once (two uploads in flight together) start one
change held for review, not two: the older change's image was lost to merchant and reviewer.
Each upload on a connection of its own (PostgreSQL: TEST_DATABASE_URL)."""

import io

from sqlalchemy import func, select

from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import ProductChange
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..conftest import Auth
from ..imports.test_races import Request, together


def test_two_image_uploads_at_once_to_a_live_listing_start_one_change(app):
    merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, status=ReviewStatus.APPROVED)
    db.session.commit()
    pid = product.id
    clients = [app.test_client(), app.test_client()]
    for c in clients:
        Auth(c).login(merchant.email)

    def up(c):
        return c.post(
            f"/products/{pid}/images",
            data={"image": (io.BytesIO(factories.PNG), "a.png")},
            content_type="multipart/form-data",
        )

    answers = together(app, [Request(c, up) for c in clients])
    assert [a.status_code for a in answers] == [302, 302]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(ProductChange)) == 1
