"""Store setup: profile, qualification documents, submission."""

import io

from sqlalchemy import func, select

from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.onboarding.store.models import Store, StoreDocument
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories

PROFILE = {
    "name": "Lantern Lane",
    "category": "Home & Kitchen",
    "description": "Hand-poured candles and lanterns from our studio.",
    "contact_email": "hello@lantern.example.com",
    "contact_phone": "+44 20 7946 0000",
    "shipping_policy": "Ships within 2 working days.",
    "return_policy": "30 days to return, we pay postage.",
}


def documents() -> int:
    return db.session.scalar(select(func.count()).select_from(StoreDocument))


def upload(client, name: str, data: bytes, kind: str = "business_licence"):
    return client.post(
        "/store/documents",
        data={"kind": kind, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_profile_saves_and_bad_input_is_explained(client, auth):
    _, store = auth.as_merchant(store_name="Old Name")
    response = client.post(
        "/store/",
        data={**PROFILE, "name": "L", "contact_email": "nope", "contact_phone": "call me"},
    )
    assert response.status_code == 400
    assert "Use 2 to 80 characters." in response.text
    assert "Enter a valid email address." in response.text
    assert "Digits, spaces" in response.text
    assert 'value="nope"' in response.text  # what was typed stays
    db.session.expire_all()
    assert db.session.get(Store, store.id).name == "Old Name"  # nothing saved

    client.post("/store/", data=PROFILE)
    saved = db.session.get(Store, store.id)
    assert saved.name == "Lantern Lane" and saved.contact_phone == "+44 20 7946 0000"
    assert saved.missing_profile_fields == []


def test_document_upload_checks_type_signature_and_size(app, client, auth, monkeypatch):
    monkeypatch.setitem(app.config, "DOCUMENT_MAX_BYTES", 2048)
    auth.as_merchant()
    good = upload(client, "licence.pdf", factories.MINIMAL_PDF)
    assert good.status_code == 302 and documents() == 1

    wrong_type = upload(client, "licence.exe", b"MZ\x90\x00")
    assert wrong_type.status_code == 400 and "Upload a PDF, PNG or JPEG file" in wrong_type.text
    fake_pdf = upload(client, "licence.pdf", b"<html>not a pdf</html>")
    assert "is not really a PDF file" in fake_pdf.text
    too_big = upload(client, "licence.pdf", b"%PDF-" + b"0" * 2048)
    assert too_big.status_code == 400 and "“licence.pdf” is larger than 2 KB." in too_big.text
    empty = upload(client, "licence.pdf", b"")
    assert "empty" in empty.text or "Choose a file" in empty.text
    assert documents() == 1  # the good one is still there, nothing else was stored


def test_only_the_merchant_and_staff_can_open_a_document(app, client, auth):
    _, store = auth.as_merchant()
    document = factories.make_document(store)
    db.session.commit()
    response = client.get(f"/store/documents/{document.id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.headers["Content-Type"] == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]


def test_submit_needs_a_complete_profile_and_a_licence(client, auth):
    _, store = auth.as_merchant()
    response = client.post("/store/submit", follow_redirects=True)
    assert "Before submitting: fill in category" in response.text
    assert "upload your business licence" in response.text
    client.post("/store/", data=PROFILE)
    upload(client, "licence.pdf", factories.MINIMAL_PDF)
    response = client.post("/store/submit", follow_redirects=True)
    assert "Submitted." in response.text
    assert db.session.get(Store, store.id).status == ReviewStatus.SUBMITTED
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "submit"))
    assert (event.from_state, event.to_state) == ("draft", "submitted")


def test_submitted_application_is_read_only(client, auth):
    _, store = auth.as_merchant(
        status=ReviewStatus.SUBMITTED, **{k: v for k, v in PROFILE.items() if k != "name"}
    )
    page = client.get("/store/").text
    assert "read-only until they reply" in page and 'name="description"' not in page
    client.post("/store/", data={**PROFILE, "name": "Sneaky Rename"})
    assert db.session.get(Store, store.id).name != "Sneaky Rename"
    assert upload(client, "licence.pdf", factories.MINIMAL_PDF).status_code == 409


def test_a_file_name_with_control_or_invisible_characters_is_stored_clean(client, auth):
    """Found by the attack pass: "a\\x00.pdf" answered 500 on PostgreSQL (NUL in text), and
    "\\u202egnp.pdf" (right-to-left override) showed reviewers "fdp.png"."""
    auth.as_merchant()
    names = ["a\x00.pdf", "\u202egnp.pdf", "tab\tbed.pdf", "../../x.pdf"]
    for number, name in enumerate(names):  # four different files: the same one is refused
        data = factories.MINIMAL_PDF + f"% copy {number}\n".encode()
        assert upload(client, name, data).status_code in (200, 302), name
    names = sorted(db.session.scalars(select(StoreDocument.original_name)))
    assert names == ["a.pdf", "gnp.pdf", "tabbed.pdf", "x.pdf"]


def test_a_small_document_is_not_said_to_weigh_0_kb(client, auth):
    # Found by a new user: a 300-byte licence was listed as "0 KB", as if nothing had arrived.
    auth.as_merchant()
    upload(client, "licence.pdf", factories.MINIMAL_PDF)
    page = client.get("/store/").text
    assert "· 1 KB" in page and "· 0 KB" not in page
