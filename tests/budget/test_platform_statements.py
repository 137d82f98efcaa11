"""A platform run and the telling of its merchants send the same number of SQL statements for
a handful of stores as for several times as many: the request is read in bulk, the shares and
the notices are written in bulk (a run over 100,000 stores once sent two statements for each
notice)."""

from decimal import Decimal

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.budget.models import AdBudget, BudgetPlan
from merchant_portal.extensions import db
from merchant_portal.mail.models import OutboxMessage
from merchant_portal.notifications.models import Notification

from .. import factories
from ..query_counter import count_queries
from .marketplace import catalogue, search_results, shop
from .test_platform_run import publish, start_run, wait_for


def stores_with_budgets(first: int, count: int, planner) -> list:
    stores = [shop(f"Store {i:03d}", f"s{i}@example.com") for i in range(first, first + count)]
    for store in stores:
        db.session.add(AdBudget(store_id=store.id, monthly=Decimal(4000), set_by_id=planner.id))
    db.session.flush()
    search_results(stores[0], planner, orders=20)  # one store has results of its own
    db.session.commit()
    return stores


def run_and_tell(client) -> tuple[int, int, int]:
    """(statements of starting and running, of publishing and telling, merchants told)."""
    with count_queries() as running:
        run_id = start_run(client)
    run = wait_for(run_id)
    assert run.job.status == "succeeded", run.job.error or run.job.message_text
    with count_queries() as telling:
        publish(client, run_id)
    told = db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.key.like(f"platform-run:{run_id}:%"))
    )
    return len(running), len(telling), told


def test_a_run_and_its_notices_cost_the_same_statements_for_3_stores_as_for_15(client, auth):
    planner = factories.make_user(Role.PLANNER)
    catalogue(search_clicks=None, slot=False, saturated=True)
    stores_with_budgets(0, 3, planner)
    auth.login(planner.email)
    few_running, few_telling, few_told = run_and_tell(client)
    assert few_told == 3

    stores_with_budgets(3, 12, planner)  # 15 stores now; the first 3 were told already
    many_running, many_telling, many_told = run_and_tell(client)

    assert many_told == 12, "the 12 new stores hear of their first recommendation"
    assert db.session.scalar(select(func.count()).select_from(BudgetPlan)) == 3 + 15
    mails = db.session.scalars(
        select(OutboxMessage.recipient).where(OutboxMessage.recipient.like("s%@example.com"))
    ).all()
    assert sorted(mails) == sorted(f"s{i}@example.com" for i in range(15)), "one mail each"
    assert many_running == few_running, "reading 15 stores and writing their shares"
    assert many_telling == few_telling, "telling 12 merchants as telling 3"
