"""Each correction of a week copied the week's whole history into its audit event (1,100
corrections made 106 MB): an event holds the figures its change replaced, and a row
remembers its last 20 versions."""

import json

from sqlalchemy import select

from merchant_portal.audit import AuditEvent
from merchant_portal.budget.models import PerformanceRecord
from merchant_portal.budget.results.weekly import KEPT_VERSIONS
from merchant_portal.extensions import db
from tests.budget.test_results_weekly import setup, week_form


def depth(saved: dict | None) -> int:
    return 0 if not saved else 1 + depth(saved.get("replaced"))


def test_many_corrections_keep_each_event_small_and_the_history_bounded(client, auth):
    _, store = setup(auth)
    url = f"/budget/stores/{store.id}/results"
    corrections = KEPT_VERSIONS + 5
    for clicks in range(600, 600 + corrections + 1):
        assert client.post(url, data=week_form("2026-11-02", clicks=clicks)).status_code == 302
    db.session.expire_all()
    events = list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "replace_results").order_by(AuditEvent.id)
        )
    )
    assert len(events) == corrections
    last = events[-1].detail
    assert last["replaced"]["clicks"] == 600 + corrections - 1, "the figures this change replaced"
    assert "replaced" not in last["replaced"], "not the whole history"
    assert len(json.dumps(last)) < 1000
    row = db.session.scalar(select(PerformanceRecord))
    assert row.clicks == 600 + corrections
    assert depth(row.replaced) == KEPT_VERSIONS
