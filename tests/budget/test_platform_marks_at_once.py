"""Marking a draft's stores from several tabs at once: no planner sees a server error, and
each store is marked once (run on PostgreSQL with TEST_DATABASE_URL; SQLite has a single
writer, so nothing races there)."""

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import PlatformRunExclusion
from merchant_portal.extensions import db

from .. import factories
from ..conftest import Auth
from ..imports.test_races import Request, together
from .test_platform_marks import market, marks
from .test_platform_publish import draft

pytestmark = pytest.mark.postgres_only


def needs_postgresql():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has a single writer: two marks cannot race there")


def test_six_tabs_ticking_and_clearing_at_once_never_fail(app):
    needs_postgresql()
    planners = [factories.make_user(Role.PLANNER) for _ in range(6)]
    stores = market(planners[0])
    run_client = app.test_client()
    Auth(run_client).login(planners[0].email)
    url = f"/budget/platform/{draft(run_client).id}/marks"
    clients = []
    for planner in planners:
        client = app.test_client()
        Auth(client).login(planner.email)
        clients.append(client)
    every = [str(s.id) for s in stores]
    tick_all = {"page_store": every, "exclude_store": every, "action": "page"}
    willow = {"action": "matching", "q": "Willow"}
    forms = [tick_all, tick_all, tick_all, willow, {"action": "clear"}, tick_all]
    statuses = []
    for _round in range(10):  # the interleaving differs from one round to the next
        answers = together(
            app,
            [
                Request(c, lambda c, form=form: c.post(url, data=form))
                for c, form in zip(clients, forms, strict=True)
            ],
        )
        statuses += [a.status_code for a in answers]
    assert statuses == [302] * len(statuses), f"a planner saw an error: {statuses}"
    run_id = int(url.split("/")[3])
    db.session.expire_all()
    rows = db.session.scalar(
        select(func.count())
        .select_from(PlatformRunExclusion)
        .where(PlatformRunExclusion.run_id == run_id)
    )
    assert rows == len(marks(run_id)), "each store is marked at most once"
