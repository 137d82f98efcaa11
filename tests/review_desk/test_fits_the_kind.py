"""A decision fits what is decided: the reasons offered are those of its kind, and a store
application is approved only once every one of its documents is judged."""

import re

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.onboarding.store.models import Store
from merchant_portal.review_desk.kinds import KINDS
from merchant_portal.workflow.models import Review
from merchant_portal.workflow.reasons import REASONS
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .test_queue import waiting  # noqa: F401 (the fixture)

S = ReviewStatus


def offered(page: str) -> set[str]:
    return set(re.findall(r'name="reasons"[^>]*value="([a-z_]+)"', page)) | set(
        re.findall(r'value="([a-z_]+)"[^>]*name="reasons"', page)
    )


def test_each_kind_is_offered_only_its_own_reasons(client, auth, waiting):  # noqa: F811
    auth.as_role(Role.REVIEWER)
    for kind, obj in waiting.items():
        page = client.get(f"/review/{kind}/{obj.id}").text
        assert offered(page) == set(KINDS[kind].reasons), kind
    store_page = client.get(f"/review/store/{waiting['store'].id}").text
    assert "Promotional discount not genuine" not in store_page
    assert (
        "Promotional discount not genuine"
        in client.get(f"/review/registration/{waiting['registration'].id}").text
    )
    # every reason is some kind's, and "other" is every kind's
    assert set().union(*(k.reasons for k in KINDS.values())) == set(REASONS)
    assert all("other" in k.reasons for k in KINDS.values())


def test_a_reason_of_another_kind_is_refused_and_nothing_recorded(client, auth, waiting):  # noqa: F811
    auth.as_role(Role.REVIEWER)
    store = waiting["store"]
    refused = client.post(
        f"/review/store/{store.id}/decide",
        data={
            "decision": "reject",
            "seen": "submitted",
            "reasons": ["discount_not_genuine"],
            "comment": "Fake discount",
        },
    )
    assert refused.status_code == 400
    assert "Promotional discount not genuine: not a reason for a store application." in (
        refused.text
    )
    assert "Fake discount" in refused.text  # the note typed is kept
    assert db.session.get(Store, store.id).status == S.SUBMITTED
    assert db.session.scalar(select(func.count()).select_from(Review)) == 0


def test_a_store_is_approved_inline_only_once_its_documents_are_judged(client, auth, waiting):  # noqa: F811
    auth.as_role(Role.REVIEWER)
    store = waiting["store"]
    first = factories.make_document(store)
    second = factories.make_document(store)
    db.session.commit()
    queue = client.get("/review/").text
    row = re.search(rf'<tr id="row-store-{store.id}".*?</tr>', queue, re.S).group(0)
    assert "Approve</button>" not in row and "Judge its 2 documents first" in row

    # a stale page (or a crafted post) still cannot approve it: the row says why, as a 409
    inline = client.post(
        f"/review/store/{store.id}/decide",
        data={"decision": "approve", "seen": "submitted"},
        headers={"HX-Request": "true"},
    )
    assert inline.status_code == 409
    assert "Accept or reject its 2 unjudged documents before approving the store." in inline.text
    assert db.session.get(Store, store.id).status == S.SUBMITTED

    client.post(f"/review/documents/{first.id}", data={"verdict": "accepted"})
    client.post(f"/review/documents/{second.id}", data={"verdict": "rejected", "note": "Blurry"})
    row = re.search(
        rf'<tr id="row-store-{store.id}".*?</tr>', client.get("/review/").text, re.S
    ).group(0)
    assert "Approve</button>" in row
    approved = client.post(
        f"/review/store/{store.id}/decide",
        data={"decision": "approve", "seen": "submitted"},
        headers={"HX-Request": "true"},
    )
    assert approved.status_code == 200
    assert db.session.get(Store, store.id).status == S.APPROVED
    assert '<span class="stat-value">0</span> store applications waiting' in approved.text
