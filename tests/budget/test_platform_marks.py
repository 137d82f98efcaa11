"""Leaving stores out of a draft across pages: ticks kept as marks while the planner pages on,
a name filter marks every store it finds on every page, and the re-run leaves all of them
out. A merchant whose account is switched off is shown as one publishing cannot tell."""

from decimal import Decimal

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.auth.models import User
from merchant_portal.budget.models import AdBudget, PlatformRun, PlatformRunExclusion
from merchant_portal.extensions import db
from merchant_portal.notifications.models import Notification

from .. import factories
from .marketplace import catalogue, shop
from .test_platform_publish import draft
from .test_platform_run import wait_for


def market(planner, count=7):
    catalogue(search_clicks=None, slot=False, saturated=True)
    stores = [shop(f"Shop {i:02d}", f"shop{i}@example.com") for i in range(count)]
    stores.append(shop("Willow Goods", "willow@example.com"))
    stores.append(shop("Willow Crafts", "willow2@example.com"))
    for store in stores:
        db.session.add(AdBudget(store_id=store.id, monthly=Decimal(8000), set_by_id=planner.id))
    db.session.commit()
    return stores


def marks(run_id) -> set[int]:
    db.session.expire_all()
    return set(
        db.session.scalars(
            select(PlatformRunExclusion.store_id).where(PlatformRunExclusion.run_id == run_id)
        )
    )


def post_marks(client, run, page_ids, ticked, **more):
    return client.post(
        f"/budget/platform/{run.id}/marks",
        data={"page_store": [str(i) for i in page_ids], "exclude_store": [str(i) for i in ticked],
              "action": "page", **more},
    )  # fmt: skip


def test_ticks_stay_when_paging_and_the_re_run_leaves_every_mark_out(
    client, auth, app, monkeypatch
):
    monkeypatch.setitem(app.config, "ITEMS_PER_PAGE", 5)
    planner = factories.make_user(Role.PLANNER)
    stores = market(planner)
    auth.login(planner.email)
    run = draft(client)
    by_name = sorted(stores, key=lambda s: s.name)
    first, second = by_name[:5], by_name[5:]
    saved = post_marks(client, run, [s.id for s in first], [first[0].id], page="1")
    assert saved.status_code == 302 and "page=1" in saved.headers["Location"]
    # on page two, another tick; page one's mark stays
    post_marks(client, run, [s.id for s in second], [second[0].id], page="2")
    assert marks(run.id) == {first[0].id, second[0].id}
    page = client.get(f"/budget/platform/{run.id}?page=1")
    assert "2 stores marked to leave out, on every page." in page.text
    assert f'value="{first[0].id}" checked' in page.text
    # unticking on page one unmarks only page one's store
    post_marks(client, run, [s.id for s in first], [])
    assert marks(run.id) == {second[0].id}
    # an id from outside the run is not marked
    post_marks(client, run, [999999], [999999])
    assert marks(run.id) == {second[0].id}
    # the re-run, from page one with one more tick there: both left out
    response = client.post(
        f"/budget/platform/{run.id}/rerun",
        data={"page_store": [str(s.id) for s in first], "exclude_store": [str(first[1].id)]},
    )
    again = wait_for(int(response.headers["Location"].rsplit("/", 1)[1]))
    assert sorted(again.excluded["stores"]) == sorted([first[1].id, second[0].id])
    assert again.summary["merchants"] == len(stores) - 2
    events = list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "mark_platform_stores")
            .order_by(AuditEvent.id)
        )
    )
    assert [e.detail.get("marked") for e in events][:2] == [1, 1]


def test_a_filter_marks_every_store_it_finds_across_pages(client, auth, app, monkeypatch):
    monkeypatch.setitem(app.config, "ITEMS_PER_PAGE", 1)
    planner = factories.make_user(Role.PLANNER)
    stores = market(planner, count=2)
    auth.login(planner.email)
    run = draft(client)
    page = client.get(f"/budget/platform/{run.id}?q=willow")
    assert "Mark all 2 stores this filter finds" in page.text
    assert page.text.count('name="exclude_store"') == 1, "one a page"
    response = client.post(
        f"/budget/platform/{run.id}/marks", data={"action": "matching", "q": "willow"}
    )
    assert "q=willow" in response.headers["Location"]
    willows = {s.id for s in stores if s.name.startswith("Willow")}
    assert marks(run.id) == willows
    # twice: nothing more
    client.post(f"/budget/platform/{run.id}/marks", data={"action": "matching", "q": "willow"})
    assert marks(run.id) == willows
    assert (
        "No store&#39;s name holds" in client.get(f"/budget/platform/{run.id}?q=zzz").text
        or "No store's name holds" in client.get(f"/budget/platform/{run.id}?q=zzz").text
    )
    client.post(f"/budget/platform/{run.id}/marks", data={"action": "clear"})
    assert marks(run.id) == set()


def test_a_published_run_cannot_be_marked(client, auth):
    planner = factories.make_user(Role.PLANNER)
    stores = market(planner, count=1)
    auth.login(planner.email)
    run = draft(client)
    client.post(f"/budget/platform/{run.id}/publish")
    answer = post_marks(client, run, [stores[0].id], [stores[0].id], page="1")
    assert answer.status_code == 302
    assert marks(run.id) == set()
    assert client.post("/budget/platform/999999/marks", data={"action": "page"}).status_code == 404


def test_a_merchant_with_a_switched_off_account_is_shown_as_not_told(client, auth):
    planner = factories.make_user(Role.PLANNER)
    stores = market(planner, count=1)
    closed = next(s for s in stores if s.name == "Willow Goods")
    db.session.get(User, closed.merchant_id).active = False
    db.session.commit()
    auth.login(planner.email)
    run = draft(client)
    page = client.get(f"/budget/platform/{run.id}")
    assert "1 merchant in this run has their account switched off" in page.text
    assert "account switched off: cannot be told" in page.text
    client.post(f"/budget/platform/{run.id}/publish")
    db.session.expire_all()
    told = set(db.session.scalars(select(Notification.user_id)))
    assert closed.merchant_id not in told
    assert {s.merchant_id for s in stores if s is not closed} <= told
    page = client.get(f"/budget/platform/{run.id}")
    assert "account switched off: not told" in page.text


def mark_events(run_id) -> list[dict]:
    return list(
        db.session.scalars(
            select(AuditEvent.detail)
            .where(AuditEvent.action == "mark_platform_stores", AuditEvent.subject_id == run_id)
            .order_by(AuditEvent.id)
        )
    )


def test_more_ids_than_a_page_could_hold_are_refused_not_a_500(client, auth):
    # 70,000 ids were one IN list: past PostgreSQL's 65,535 parameters, a 500
    planner = factories.make_user(Role.PLANNER)
    stores = market(planner, count=1)
    auth.login(planner.email)
    run = draft(client)
    many = list(range(1, 70_001))
    answer = post_marks(client, run, many, many, page="1")
    assert answer.status_code == 400
    assert "Too many stores in one go (at most 1000)" in answer.text
    rerun = client.post(
        f"/budget/platform/{run.id}/rerun",
        data={"page_store": [str(i) for i in many], "exclude_store": [str(stores[0].id)]},
    )
    assert rerun.status_code == 400
    db.session.expire_all()
    assert db.session.get(PlatformRun, run.id).state == "draft", "nothing discarded"
    assert marks(run.id) == set() and mark_events(run.id) == []


def test_an_unknown_action_is_refused_and_a_change_of_nothing_is_not_recorded(client, auth):
    planner = factories.make_user(Role.PLANNER)
    stores = market(planner, count=1)
    auth.login(planner.email)
    run = draft(client)
    for action in ("bogus", ""):
        answer = post_marks(client, run, [stores[0].id], [stores[0].id], action=action)
        assert answer.status_code == 400
    assert client.post(f"/budget/platform/{run.id}/marks").status_code == 400
    assert marks(run.id) == set()
    # nothing marked, nothing to clear, no name found: no audit event
    assert post_marks(client, run, [stores[0].id], [], page="1").status_code == 302
    client.post(f"/budget/platform/{run.id}/marks", data={"action": "clear"})
    client.post(f"/budget/platform/{run.id}/marks", data={"action": "matching", "q": "zzz"})
    assert mark_events(run.id) == []
    post_marks(client, run, [stores[0].id], [stores[0].id], page="1")
    assert mark_events(run.id) == [{"marked": 1, "unmarked": 0}]


def test_a_filter_typed_in_full_width_finds_the_same_stores(client, auth):
    planner = factories.make_user(Role.PLANNER)
    stores = market(planner, count=2)
    auth.login(planner.email)
    run = draft(client)
    page = client.get(f"/budget/platform/{run.id}?q=\uff57\uff49\uff4c\uff4c\uff4f\uff57")
    assert "Mark all 2 stores this filter finds" in page.text
    client.post(
        f"/budget/platform/{run.id}/marks",
        data={"action": "matching", "q": "\uff33\uff48\uff4f\uff50\u3000\uff10\uff11"},
    )
    assert marks(run.id) == {s.id for s in stores if s.name == "Shop 01"}


def test_an_empty_filter_does_not_mark_every_store(client, auth):
    """action=matching with q= marked every store of the draft."""
    planner = factories.make_user(Role.PLANNER)
    market(planner, count=1)
    auth.login(planner.email)
    run = draft(client)
    for empty in ("", "   "):
        answer = client.post(
            f"/budget/platform/{run.id}/marks",
            data={"action": "matching", "q": empty},
            follow_redirects=True,
        )
        assert answer.status_code == 200
        assert "an empty filter would mark every store" in answer.text
    assert marks(run.id) == set()
    assert mark_events(run.id) == []


def test_a_tick_is_kept_as_it_is_made_so_paging_on_loses_none(client, auth, app, monkeypatch):
    monkeypatch.setitem(app.config, "ITEMS_PER_PAGE", 5)
    planner = factories.make_user(Role.PLANNER)
    stores = market(planner)
    auth.login(planner.email)
    run = draft(client)
    first = sorted(stores, key=lambda s: s.name)[:5]
    page = client.get(f"/budget/platform/{run.id}?page=1").text
    assert f'hx-post="/budget/platform/{run.id}/marks" hx-trigger="change"' in page
    # what the box's change sends: the page's stores, its ticks, and "keep this page"
    ticked = client.post(
        f"/budget/platform/{run.id}/marks",
        data={"page_store": [str(s.id) for s in first], "exclude_store": [str(first[2].id)],
              "action": "page", "page": "1"},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    assert ticked.status_code == 200 and ticked.text.startswith('<p id="marked-count">')
    assert "1 store marked to leave out, on every page." in ticked.text
    client.get(f"/budget/platform/{run.id}?page=2")  # paging on, no button pressed
    back = client.get(f"/budget/platform/{run.id}?page=1").text
    assert f'value="{first[2].id}" checked' in back
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "mark_platform_stores")
    ).all()
    assert [event.detail for event in events] == [{"marked": 1, "unmarked": 0}]
