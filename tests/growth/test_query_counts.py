"""Growth pages send the same number of statements however many merchants and sales there are."""

from datetime import timedelta

import pytest

from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.growth.health_history import take_snapshot
from merchant_portal.growth.models import MerchantAccount, RecallAction
from merchant_portal.growth.summaries import refresh
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..test_query_counts import statements_for
from .builders import sell_daily


def grow(manager: User, own_store, merchants: int) -> None:
    today = factories.market_today()
    for n in range(merchants):
        _, store = factories.make_merchant(status=ReviewStatus.APPROVED, store_name=f"Shop {n}")
        for k in range(2):
            product = factories.make_product(store, title=f"P{n}-{k}", status=ReviewStatus.APPROVED,
                                             category="Garden" if k else "Toys")  # fmt: skip
            sell_daily(product, today - timedelta(days=60), 60 - n % 40, gmv=50.0 + n)
        db.session.add(MerchantAccount(store_id=store.id, manager_id=manager.id))
        db.session.add(RecallAction(store_id=store.id, actor_id=manager.id, kind="call",
                                    stage="at_risk", note="called"))  # fmt: skip
    product = factories.make_product(own_store, title=f"Own {merchants}",
                                     status=ReviewStatus.APPROVED)  # fmt: skip
    sell_daily(product, today - timedelta(days=30), 30, gmv=80.0)
    refresh(today)
    take_snapshot(today - timedelta(days=7))  # the book's change and the manager's trend
    take_snapshot(today)
    db.session.commit()


PAGES = [
    (Role.MERCHANT, "/growth/"),
    (Role.REVIEWER, "/growth/book"),
    (Role.REVIEWER, "/growth/book?sort=gmv&dir=desc"),
    (Role.REVIEWER, "/growth/book?sort=health&health_below=900"),
    (Role.REVIEWER, "/growth/book?sort=change&fell_by=10"),
    (Role.REVIEWER, "/growth/recall"),
    (Role.REVIEWER, "/growth/dashboard"),
    (Role.REVIEWER, "/growth/selection"),
    (Role.REVIEWER, "/growth/stores/{store}"),
    (Role.REVIEWER, "/growth/stores/{store}/recall"),
    (Role.ADMIN, "/growth/assignments"),
    (Role.MERCHANT, "/onboarding"),
]


@pytest.mark.parametrize(("role", "path"), PAGES)
def test_growth_page_statements_do_not_grow_with_data(client, auth, role, path):
    if role == Role.MERCHANT:
        _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
        manager = factories.make_user(Role.REVIEWER)
    else:
        user = auth.as_role(role)
        manager = user if role == Role.REVIEWER else factories.make_user(Role.REVIEWER)
        _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
        db.session.add(MerchantAccount(store_id=store.id, manager_id=manager.id))  # their book
    path = path.format(store=store.id)
    grow(manager, store, 2)
    # the category tree is read once per process (then only its version): counted warm
    client.get(path)
    few = statements_for(client, path)
    grow(manager, store, 12)
    many = statements_for(client, path)
    assert many == few, f"{path}: {few} statements with few rows, {many} with many"
    assert few <= 22, f"{path} sends {few} statements"
