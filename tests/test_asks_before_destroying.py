"""One press on a button that destroys something for good (a qualification document, an API
token) asks first, saying what will be lost; only the confirming press does it. No JS needed:
the question is a page (or part of one) with a form."""

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.api.models import ApiToken
from merchant_portal.api.tokens import issue_token
from merchant_portal.extensions import db
from merchant_portal.onboarding.store.models import StoreDocument
from merchant_portal.workflow.reviewable import ReviewStatus

from . import factories


def documents() -> int:
    return db.session.scalar(select(func.count()).select_from(StoreDocument))


def test_removing_a_document_asks_first_and_keeps_what_is_typed(client, auth):
    user, store = factories.make_merchant(store_name="Harbour Teas", status=ReviewStatus.DRAFT)
    document = factories.make_document(store)
    db.session.commit()
    auth.login(user.email)
    typed = {"name": "Harbour Teas & Co", "description": "Loose-leaf teas from Fujian"}
    asked = client.post(f"/store/documents/{document.id}/delete", data=typed)
    assert asked.status_code == 200 and documents() == 1
    assert 'id="confirm-remove"' in asked.text and "Remove “licence.pdf”?" in asked.text
    assert f"/store/documents/{document.id}/delete?confirm=1" in asked.text
    assert "Harbour Teas &amp; Co" in asked.text  # what was typed is still on the page
    kept = client.get("/store/").text  # "Keep it" lands here: nothing removed
    assert "licence.pdf" in kept and 'id="confirm-remove"' not in kept

    done = client.post(f"/store/documents/{document.id}/delete?confirm=1", data=typed)
    assert documents() == 0
    # the profile is not complete yet: it comes back as typed, the problems said
    assert "Harbour Teas &amp; Co" in done.text


def test_revoking_a_token_asks_first(client, auth):
    admin = auth.as_role(Role.ADMIN)
    token, _secret = issue_token("Marketplace nightly", ["sales:write"], admin)
    db.session.commit()
    asked = client.post(f"/admin/api-tokens/{token.id}/revoke")
    assert asked.status_code == 200
    assert "Revoke the token “Marketplace nightly”?" in asked.text
    assert "cannot be restored" in asked.text and 'name="confirm" value="1"' in asked.text
    assert db.session.get(ApiToken, token.id).revoked_at is None
    done = client.post(f"/admin/api-tokens/{token.id}/revoke", data={"confirm": "1"})
    assert done.status_code == 302
    assert db.session.get(ApiToken, token.id).revoked_at is not None
