"""Every button on the store page posts the whole page: what is typed is never lost, and
"Submit for review" submits what is on screen."""

import io
import re

from sqlalchemy import func, select

from merchant_portal.demo import MINIMAL_PDF
from merchant_portal.extensions import db
from merchant_portal.onboarding.store.models import Store, StoreDocument
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_store import PROFILE


def post_page(client, url: str, profile: dict, file: bool = True):
    data = {**profile, "kind": "business_licence"}
    if file:
        data["file"] = (io.BytesIO(MINIMAL_PDF), "licence.pdf")
    return client.post(url, data=data, content_type="multipart/form-data")


def test_uploading_a_document_saves_the_profile_typed_before_it(client, auth):
    _, store = auth.as_merchant()
    response = post_page(client, "/store/documents", PROFILE)
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Store, store.id)
    assert saved.description == PROFILE["description"]
    assert saved.return_policy == PROFILE["return_policy"]
    assert db.session.scalar(select(func.count()).select_from(StoreDocument)) == 1


def test_an_upload_with_a_half_typed_profile_keeps_every_typed_field(client, auth):
    auth.as_merchant()
    half = {**PROFILE, "description": "Too short"}  # the profile cannot be saved yet
    response = post_page(client, "/store/documents", half)
    assert response.status_code == 400
    assert "Document uploaded. Your profile is not saved yet" in response.text
    assert "Use 20 to 2000 characters." in response.text
    for name in ("contact_email", "contact_phone"):
        assert re.search(rf'name="{name}"[^>]*value="{re.escape(PROFILE[name])}"', response.text)
    assert PROFILE["shipping_policy"] in response.text and "Too short" in response.text


def test_a_refused_upload_keeps_the_typed_profile_and_saves_nothing(client, auth):
    _, store = auth.as_merchant()
    data = {**PROFILE, "kind": "business_licence", "file": (io.BytesIO(b"not a pdf"), "x.pdf")}
    response = client.post("/store/documents", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert PROFILE["return_policy"] in response.text
    db.session.expire_all()
    assert db.session.get(Store, store.id).description is None


def test_submit_for_review_submits_what_is_on_screen(client, auth):
    _, store = auth.as_merchant(**{k: v for k, v in PROFILE.items() if k != "name"})
    factories.make_document(store)
    db.session.commit()
    on_screen = {**PROFILE, "description": "Hand-poured beeswax candles, new this season."}
    response = post_page(client, "/store/submit", on_screen, file=False)
    assert response.status_code == 302
    db.session.expire_all()
    submitted = db.session.get(Store, store.id)
    assert submitted.status == ReviewStatus.SUBMITTED
    assert submitted.description == on_screen["description"]


def test_submit_with_a_profile_problem_submits_nothing_and_keeps_the_typing(client, auth):
    _, store = auth.as_merchant(**{k: v for k, v in PROFILE.items() if k != "name"})
    factories.make_document(store)
    db.session.commit()
    response = post_page(client, "/store/submit", {**PROFILE, "contact_email": "not-an-email"},
                         file=False)  # fmt: skip
    assert response.status_code == 400
    assert "Nothing was submitted" in response.text and 'value="not-an-email"' in response.text
    db.session.expire_all()
    assert db.session.get(Store, store.id).status == ReviewStatus.DRAFT
