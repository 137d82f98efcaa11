"""Two planners saving a placement with the same code at the same moment: one is saved, the
other is told the code is taken, and nobody sees a 500. The database's unique constraint
holds the rule; the form's own check only catches the ordinary case."""

import threading

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import Placement
from merchant_portal.budget.placements.forms import PlacementForm
from merchant_portal.extensions import db

from .. import factories
from ..conftest import Auth
from .test_plans import PLACEMENT, error_next_to


def placements_with(code: str) -> int:
    return db.session.scalar(select(func.count()).where(Placement.code == code))


def test_a_code_taken_between_the_check_and_the_save_is_said_on_the_field(
    client, auth, monkeypatch
):
    """The second request passed the form's check before the first one committed."""
    auth.as_role(Role.PLANNER)
    assert client.post("/budget/placements/new", data=PLACEMENT).status_code == 302
    monkeypatch.setattr(PlacementForm, "problems", lambda self: {})  # as if checked earlier
    second = client.post("/budget/placements/new", data={**PLACEMENT, "name": "Second"})
    assert second.status_code == 409
    assert "Another placement has this code." in error_next_to(second.text, "code")
    assert 'value="Second"' in second.text, "what was typed is kept"
    assert placements_with("search_top") == 1


def test_two_planners_racing_on_one_code(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has a single writer: two saves cannot race there")
    planners = [factories.make_user(Role.PLANNER) for _ in range(2)]
    db.session.commit()
    clients = []
    for planner in planners:
        client = app.test_client()
        Auth(client).login(planner.email)
        clients.append(client)
    statuses: list[int] = []
    for round_ in range(5):  # several rounds: the interleaving differs from one to the next
        barrier = threading.Barrier(2, timeout=10)
        code = f"race_{round_}"

        def save(client, code=code, barrier=barrier) -> None:
            barrier.wait()
            answer = client.post("/budget/placements/new", data={**PLACEMENT, "code": code})
            statuses.append(answer.status_code)

        threads = [threading.Thread(target=save, args=(c,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert placements_with(code) == 1
    assert all(s in (302, 400, 409) for s in statuses), statuses
    assert statuses.count(302) == 5, f"one save per code succeeds: {statuses}"
