"""A merchant double-clicks "remove" on a document or an image: both requests arrive at once;
the file goes once, one audit event, and neither request shows an error page (the second ORM
delete matched no row: a 500). Each on a connection of its own (PostgreSQL: TEST_DATABASE_URL)."""

from sqlalchemy import func, select

from merchant_portal.audit.models import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import ProductImage
from merchant_portal.onboarding.store.models import StoreDocument
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..conftest import Auth
from ..imports.test_races import Request, together


def twice_at_once(app, email, path):
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        Auth(client).login(email)
    return together(app, [Request(client, lambda c: c.post(path)) for client in clients])


def events(action: str) -> int:
    query = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
    return db.session.scalar(query)


def test_a_document_removed_by_a_double_click_goes_once(app):
    merchant, store = factories.make_merchant(status=ReviewStatus.DRAFT)
    document_id = factories.make_document(store).id
    db.session.commit()
    answers = twice_at_once(app, merchant.email, f"/store/documents/{document_id}/delete?confirm=1")
    assert [a.status_code < 500 for a in answers] == [True, True], answers
    db.session.expire_all()
    assert db.session.get(StoreDocument, document_id) is None
    assert events("remove_document") == 1


def test_an_image_removed_by_a_double_click_goes_once(app):
    merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store)
    image_id = factories.make_image(product).id
    product_id = product.id
    db.session.commit()
    path = f"/products/{product_id}/images/{image_id}/delete"
    answers = twice_at_once(app, merchant.email, path)
    assert [a.status_code < 500 for a in answers] == [True, True], answers
    db.session.expire_all()
    assert db.session.get(ProductImage, image_id) is None
    assert events("remove_image") == 1
