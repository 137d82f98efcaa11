"""The same document uploaded twice (by content, whatever its name) is noticed and said; the
second copy is neither listed nor left on disk."""

import hashlib
import os
import uuid
from pathlib import Path

from merchant_portal.extensions import db
from merchant_portal.onboarding.store.models import StoreDocument

from .. import factories
from .test_store import documents, upload


def stored_copies(app, content: bytes) -> int:
    """Files on disk holding exactly ``content``: the upload folder is shared with whatever
    else runs at once (CI's SQLite and PostgreSQL passes side by side), so a count of all its
    files moved under this test (292 to 293) without this test storing anything."""
    folder = Path(app.config["UPLOAD_FOLDER"]) / "document"
    if not folder.exists():
        return 0
    return sum(1 for name in os.listdir(folder) if (folder / name).read_bytes() == content)


def test_the_same_file_under_another_name_is_not_added_twice(app, client, auth):
    auth.as_merchant()
    # a content of this test's own, which nothing else running at once uploads
    mine = factories.MINIMAL_PDF + f"\n% {uuid.uuid4()}\n".encode()
    assert upload(client, "licence.pdf", mine).status_code == 302
    assert stored_copies(app, mine) == 1
    again = upload(client, "scan-copy.pdf", mine, kind="tax_registration")
    assert again.status_code == 400
    assert "“scan-copy.pdf” is the same file as “licence.pdf”" in again.text
    assert "it is not added twice" in again.text
    assert documents() == 1 and stored_copies(app, mine) == 1

    other = mine + b"\n% another page\n"
    assert upload(client, "tax.pdf", other, kind="tax_registration").status_code == 302
    assert documents() == 2


def test_another_store_may_upload_the_same_file(app, client, auth):
    _user, elsewhere = factories.make_merchant(store_name="Elsewhere")
    first = factories.make_document(elsewhere)
    first.sha256 = hashlib.sha256(factories.MINIMAL_PDF).hexdigest()
    db.session.commit()
    auth.as_merchant()
    assert upload(client, "licence.pdf", factories.MINIMAL_PDF).status_code == 302
    assert db.session.query(StoreDocument).count() == 2
