"""The platform plan run from the page, in the background, over the demo and over 3,000 merchants."""

import re
import time
from decimal import Decimal

from sqlalchemy import func, insert, select

from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.budget.models import BudgetPlan, PlatformRun
from merchant_portal.demo import seed_demo
from merchant_portal.extensions import db
from merchant_portal.jobs.models import Job
from merchant_portal.notifications.models import Notification
from merchant_portal.onboarding.store.models import Store
from merchant_portal.timeutil import utcnow
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from .marketplace import text


def wait_for(run_id: int, seconds: float = 120) -> PlatformRun:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.expire_all()
        run = db.session.get(PlatformRun, run_id)
        if run.job.finished:
            return run
        time.sleep(0.2)
    raise AssertionError(f"platform run {run_id} did not finish in {seconds} s")


def publish(client, run_id: int):
    """The planner publishes the reviewed draft; the telling job runs inline in tests."""
    response = client.post(f"/budget/platform/{run_id}/publish")
    assert response.status_code == 302, response.text
    return response


def start_run(client) -> int:
    response = client.post("/budget/platform", data={"objective": "revenue"})
    assert response.status_code == 302, "starting a run answers at once and sends you to its page"
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_platform_plan_over_the_demo(client, auth):
    seed_demo()
    db.session.commit()
    auth.login("planner@example.com", "demo-password")
    run_id = start_run(client)
    status = client.get(f"/budget/platform/{run_id}", headers={"HX-Request": "true"})
    assert status.status_code == 200 and status.text.startswith('<section id="job-')
    run = wait_for(run_id)
    assert run.job.status == "succeeded", run.job.message_text
    approved = db.session.scalar(
        select(func.count()).select_from(Store).where(Store.status == ReviewStatus.APPROVED)
    )
    # every store with a monthly ad budget, not only the one that planned its own
    assert run.summary["merchants"] >= approved * 2 // 3 and run.job.progress == 100
    page = text(client.get(f"/budget/platform/{run_id}").text)
    assert "clearing prices" in page and "Oak & Iron Kitchen" in page
    assert "Proven the best possible" in page or "of the best possible:" in page
    assert "Home page banner left out: sold in whole slots" in page
    recommendation = db.session.scalar(
        select(BudgetPlan)
        .join(Store, Store.id == BudgetPlan.store_id)
        .where(BudgetPlan.platform_run_id == run_id, Store.name == "Oak & Iron Kitchen")
    )
    publish(client, run_id)
    share = client.get(f"/budget/plans/{recommendation.id}")
    assert share.status_code == 200 and "Beside the store's own plan" in text(share.text)
    assert f'href="/budget/platform/{run_id}">← The platform run' in share.text, "back to the run"
    spent = [a for a in recommendation.result["allocations"] if a["spend"] > 0]
    assert len(spent) >= 3, "saturation spreads the budget over the placements"
    merchant = db.session.scalar(select(User).where(User.email == "merchant@example.com"))
    note = db.session.scalar(select(Notification).where(Notification.user_id == merchant.id))
    assert note.subject == "A new ad recommendation for your store"


def test_platform_plan_over_three_thousand_merchants(client, auth):
    for code, pricing, price, extra in (
        ("search_top", "cpc", 0.8, {"inventory": 400_000}),
        ("search_side", "cpc", 0.45, {"inventory": 900_000}),
        ("feed", "cpm", 12, {"prior_ctr": 0.012, "inventory": 60_000_000}),
        ("category", "cpm", 6, {"prior_ctr": 0.006}),
    ):
        factories.make_placement(code, pricing=pricing, price=Decimal(str(price)), **extra)
    now = utcnow()
    count = 3000
    db.session.execute(
        insert(User),
        [
            {
                "email": f"shop{i}@example.com",
                "role": Role.MERCHANT,
                "password_hash": "x",
                "active": True,
                "session_token": f"t{i}",
                "created_at": now,
            }
            for i in range(count)
        ],
    )
    first_user = db.session.scalar(select(func.min(User.id)))
    db.session.execute(
        insert(Store),
        [
            {
                "merchant_id": first_user + i,
                "name": f"Shop {i:04d}",
                "status": ReviewStatus.APPROVED,
                "created_at": now,
            }
            for i in range(count)
        ],
    )
    first_store = db.session.scalar(select(func.min(Store.id)))
    planner = auth.as_role(Role.PLANNER)
    db.session.execute(
        insert(BudgetPlan),
        [
            {
                "store_id": first_store + i,
                "created_by_id": planner.id,
                "kind": "planner",
                "objective": "revenue",
                "budget": Decimal(500 + (i % 40) * 100),
                "request": {"min_roas": 2.0} if i % 3 == 0 else {},
                "result": {
                    "totals": {"spend": 0.0, "revenue": 0.0, "roas": 0.0},
                    "allocations": [],
                },
                "created_at": now,
            }
            for i in range(count)
        ],
    )
    db.session.commit()

    run_id = start_run(client)
    during = client.get("/budget/plans")  # the portal keeps answering while the run works
    assert during.status_code == 200
    run = wait_for(run_id)
    assert run.job.status == "succeeded", run.job.message_text
    assert run.summary["merchants"] == count
    prices = run.summary["placement_prices"]
    assert prices["search_top"] > 0, "search inventory is scarce at this size: it has a price"
    assert (
        db.session.scalar(
            select(func.count()).select_from(BudgetPlan).where(BudgetPlan.platform_run_id == run_id)
        )
        == count
    )
    finished = db.session.scalars(
        select(Notification.subject).where(Notification.user_id == planner.id)
    ).all()
    assert finished == ["Platform run: finished"], "the planner who started it hears it ended"
    told = select(func.count()).select_from(Notification).where(Notification.user_id != planner.id)
    assert db.session.scalar(told) == 0, "a draft tells nobody"
    publish(client, run_id)
    spending = db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.subject == "A new ad recommendation for your store")
    )
    nothing = sum(run.summary["nothing"].values())
    assert spending == run.summary["notified"] == count - nothing, "a share of nothing is not sent"
    assert db.session.scalar(told) == spending, "every merchant with a share is told once"
    page = client.get(f"/budget/platform/{run_id}").text
    assert "Search Top is sold out: all 400,000 clicks are taken." in page
    if nothing:  # linear rates leave tied merchants with nothing; saturation should not
        said = f"{nothing:,} merchants are recommended to spend nothing and were not notified"
        assert said in page

    # the share list: pages in store name order, the middle and the last as the first
    per_page = client.application.config["ITEMS_PER_PAGE"]
    middle = count // per_page // 2 + 1
    for number in (1, middle, -(-count // per_page)):
        shown = re.findall(
            r"Shop \d{4}", text(client.get(f"/budget/platform/{run_id}?page={number}").text)
        )
        first = (number - 1) * per_page
        wanted = [f"Shop {i:04d}" for i in range(first, min(first + per_page, count))]
        assert [name for name in dict.fromkeys(shown)] == wanted, f"page {number} of the shares"
    found = text(client.get(f"/budget/platform/{run_id}?q=shop+150").text)
    assert "Shop 1500" in found and "Shop 1509" in found and "Shop 1510" not in found
    renamed = db.session.get(Store, db.session.scalar(select(func.min(Store.id))) + 1)
    renamed.name = "Zebra Goods"  # after the run: it keeps its place, under its new name
    db.session.commit()
    shown = re.findall(
        r"Shop \d{4}|Zebra Goods", text(client.get(f"/budget/platform/{run_id}").text)
    )
    assert list(dict.fromkeys(shown))[:3] == ["Shop 0000", "Zebra Goods", "Shop 0002"]


def test_a_second_run_waits_for_the_first(client, auth):
    planner = auth.as_role(Role.PLANNER)
    job = Job(kind="platform_run", lock="platform_run", status="running", progress=40)
    db.session.add(job)
    db.session.flush()
    db.session.add(PlatformRun(created_by_id=planner.id, objective="revenue", job_id=job.id))
    db.session.commit()
    response = client.post("/budget/platform", data={"objective": "revenue"}, follow_redirects=True)
    assert "already under way" in response.text
    assert db.session.scalar(select(func.count()).select_from(PlatformRun)) == 1


def test_a_run_without_a_share_list_has_page_one_only(client, auth):
    """Found by the attack pass: a run that planned nobody answered ?page=abc, 0 and 2 with
    its page, where every other list answers a page that cannot exist with 404."""
    auth.as_role(Role.PLANNER)
    run = wait_for(start_run(client))  # no store has a budget: nothing to plan
    assert not run.summary
    assert client.get(f"/budget/platform/{run.id}").status_code == 200
    assert client.get(f"/budget/platform/{run.id}?page=1").status_code == 200
    for page in ("2", "0", "-1", "abc", "2.5"):
        answer = client.get(f"/budget/platform/{run.id}?page={page}")
        assert answer.status_code == 404, f"page {page} of a run with no share list"
