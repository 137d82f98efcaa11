"""Select across pages by filter: every submission the filter matches decided at once, the
count confirmed first; what changed meanwhile is skipped and named."""

import re
from datetime import timedelta

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product
from merchant_portal.timeutil import utcnow
from merchant_portal.workflow.reviewable import ReviewStatus as S

from .. import factories


def waiting_listings(count: int):
    _, seller = factories.make_merchant(store_name="Oak & Iron", status=S.APPROVED)
    now = utcnow()
    made = [factories.make_product(seller, title=f"Board {i}", status=S.SUBMITTED,
                                   submitted_at=now - timedelta(hours=1, minutes=i))
            for i in range(count)]  # fmt: skip
    # a store application waits too, outside the filter
    factories.make_merchant(store_name="Harbour Teas", status=S.SUBMITTED, submitted_at=now)
    db.session.commit()
    return made


def test_all_matching_the_filter_are_decided_after_the_count_is_confirmed(client, auth):
    listings = waiting_listings(30)  # more than one page of 25
    auth.as_role(Role.REVIEWER)
    queue = client.get("/review/?kind=product").text
    assert "All 30 matching this filter, on every page" in queue

    asked = client.post(
        "/review/bulk?kind=product", data={"scope": "filter", "decision": "approve"}
    )
    assert asked.status_code == 200
    assert "Decide all 30 submissions matching this filter?" in asked.text
    assert db.session.scalar(select(func.count()).where(Product.status == S.APPROVED)) == 0
    keys = re.findall(r'name="items" value="([^"]+)"', asked.text)
    assert len(keys) == 30 and all(k.startswith("product:") for k in keys)

    # meanwhile another reviewer sends one back
    listings[3].status = S.CHANGES_REQUESTED
    db.session.commit()
    done = client.post("/review/bulk?kind=product", follow_redirects=True,
                       data={"scope": "filter", "confirm": "1", "decision": "approve",
                             "items": keys})  # fmt: skip
    assert "29 decisions recorded; each merchant has been told." in done.text
    assert (
        f"1 skipped, changed meanwhile: product #{listings[3].id}: already sent back" in done.text
    )
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(Product.status == S.APPROVED)) == 29
    approvals = select(func.count()).where(AuditEvent.action == "approve")
    assert db.session.scalar(approvals) == 29  # each decision audited
    assert "Harbour Teas" in client.get("/review/").text  # outside the filter: untouched


def test_a_refused_bulk_by_filter_keeps_the_queue_and_decides_nothing(client, auth):
    waiting_listings(30)
    auth.as_role(Role.REVIEWER)
    refused = client.post("/review/bulk?kind=product",
                          data={"scope": "filter", "decision": "reject"})  # fmt: skip
    assert refused.status_code == 400
    assert "Choose at least one reason" in refused.text and "Board 1" in refused.text
    assert db.session.scalar(select(func.count()).where(Product.status == S.REJECTED)) == 0
