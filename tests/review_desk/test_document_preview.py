"""A store's documents shown beside its profile on the decision page, each judged on its own
without leaving the page."""

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.onboarding.store.models import StoreDocument
from merchant_portal.workflow.reviewable import ReviewStatus as S

from .. import factories

HTMX = {"HX-Request": "true"}


def store_with_documents():
    _, store = factories.make_merchant(store_name="Harbour Teas", status=S.SUBMITTED)
    licence = factories.make_document(store)
    permit = factories.make_document(store, kind="food_permit")
    permit.content_type, permit.original_name = "image/png", "permit.png"
    db.session.commit()
    return store, licence, permit


def test_pdfs_and_images_are_shown_inline_beside_the_profile(client, auth):
    store, licence, permit = store_with_documents()
    auth.as_role(Role.REVIEWER)
    page = client.get(f"/review/store/{store.id}").text
    assert f'<iframe class="document-preview" src="/review/documents/{licence.id}/preview"' in page
    assert f'<img class="document-preview" src="/review/documents/{permit.id}/preview"' in page

    shown = client.get(f"/review/documents/{licence.id}/preview")
    assert shown.status_code == 200 and shown.data.startswith(b"%PDF-")
    assert shown.headers["Content-Type"] == "application/pdf"
    assert shown.headers["Content-Disposition"].startswith("inline")
    policy = shown.headers["Content-Security-Policy"]
    assert policy.startswith("sandbox;") and "frame-ancestors 'self'" in policy
    assert "script-src" not in policy  # default-src 'none': no script runs in it
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    assert shown.headers["X-Frame-Options"] == "SAMEORIGIN"
    # the merchant's own link still downloads it
    download = client.get(f"/store/documents/{licence.id}")
    assert download.headers["Content-Disposition"].startswith("attachment")


def test_other_files_are_not_shown_inline(client, auth):
    store, licence, _permit = store_with_documents()
    licence.content_type = "text/html"
    db.session.commit()
    auth.as_role(Role.REVIEWER)
    assert client.get(f"/review/documents/{licence.id}/preview").status_code == 404
    assert (
        f"/review/documents/{licence.id}/preview"
        not in client.get(f"/review/store/{store.id}").text
    )


def test_merchants_cannot_preview_through_the_desk(client, auth):
    _store, licence, _permit = store_with_documents()
    auth.as_merchant()
    assert client.get(f"/review/documents/{licence.id}/preview").status_code == 403


def test_each_document_is_judged_in_place(client, auth):
    store, licence, permit = store_with_documents()
    auth.as_role(Role.REVIEWER)
    client.get(f"/review/store/{store.id}")
    accepted = client.post(f"/review/documents/{licence.id}", headers=HTMX,
                           data={"verdict": "accepted"})  # fmt: skip
    assert accepted.status_code == 200
    block = accepted.text
    # what replaces the document's block: still the file, its verdict, and the form again
    assert block.lstrip().startswith(f'<div class="document-review" id="document-{licence.id}">')
    assert "licence.pdf accepted." in block and "Accepted" in block
    assert f"/review/documents/{licence.id}/preview" in block
    assert 'value="accepted" id="verdict-' in block and "checked" in block
    assert "<html" not in block  # the page around it is left as it was

    refused = client.post(f"/review/documents/{permit.id}", headers=HTMX,
                          data={"verdict": "rejected", "note": ""})  # fmt: skip
    assert refused.status_code == 400 and refused.headers["X-Refused-Fragment"] == "1"
    assert "Say why the document is not accepted." in refused.text
    assert 'value="rejected" id="verdict-' in refused.text  # the choice kept
    rejected = client.post(f"/review/documents/{permit.id}", headers=HTMX,
                           data={"verdict": "rejected", "note": "Cut off at the edge"})  # fmt: skip
    assert "Rejected" in rejected.text and "Cut off at the edge" in rejected.text

    db.session.expire_all()
    verdicts = dict(db.session.execute(select(StoreDocument.id, StoreDocument.verdict)).all())
    assert verdicts == {licence.id: "accepted", permit.id: "rejected"}
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["document_accepted", "document_rejected"]
    # the whole page shows both verdicts next time it is opened
    page = client.get(f"/review/store/{store.id}").text
    assert page.count('class="badge badge-') >= 2


def test_without_script_a_verdict_still_lands_back_on_the_page(client, auth):
    store, licence, _permit = store_with_documents()
    auth.as_role(Role.REVIEWER)
    answer = client.post(f"/review/documents/{licence.id}", data={"verdict": "accepted"})
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/review/store/{store.id}"
