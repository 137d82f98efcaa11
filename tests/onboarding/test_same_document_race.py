"""The same document sent twice at the same moment (two tabs, a double click that beat the
button): the database's unique constraint on the store and the file's hash keeps one copy,
the other answer says so, nobody sees a 500 and no stray file is left on disk."""

import threading
import uuid

import pytest

from merchant_portal.extensions import db

from .. import factories
from ..conftest import Auth
from .test_same_document_twice import stored_copies
from .test_store import documents, upload


def test_two_uploads_of_one_file_at_once_keep_one(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has a single writer: two uploads cannot race there")
    merchant, _store = factories.make_merchant()
    db.session.commit()
    clients = []
    for _ in range(2):
        client = app.test_client()
        Auth(client).login(merchant.email)
        clients.append(client)
    statuses: list[int] = []
    contents = []
    for round_ in range(4):  # the interleaving differs from one round to the next
        barrier = threading.Barrier(2, timeout=10)
        # this test's own contents: the upload folder is shared with whatever runs at once
        content = factories.MINIMAL_PDF + f"\n% round {round_} {uuid.uuid4()}\n".encode()
        contents.append(content)

        def send(client, content=content, barrier=barrier) -> None:
            barrier.wait()
            statuses.append(upload(client, "licence.pdf", content).status_code)

        threads = [threading.Thread(target=send, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        db.session.remove()
        assert documents() == round_ + 1, "one copy of each file"
    assert all(s in (302, 400, 409) for s in statuses), statuses
    assert statuses.count(302) == 4, f"one upload per file is kept: {statuses}"
    copies = [stored_copies(app, content) for content in contents]
    assert copies == [1, 1, 1, 1], "the refused copy is not left on disk"
