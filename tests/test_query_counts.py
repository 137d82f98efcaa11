"""Busy pages send the same number of SQL statements whatever the amount of data."""

from decimal import Decimal

import pytest

from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.mail import send_mail
from merchant_portal.onboarding.activities.models import ActivityRegistration
from merchant_portal.workflow.reviewable import ReviewStatus

from . import factories
from .query_counter import count_queries


def statements_for(client, path: str) -> int:
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return len(statements)


def grow(role_or_merchant, store, rows: int) -> None:
    owner = db.session.get(User, store.merchant_id)
    activity = factories.make_activity(name=f"Sale {role_or_merchant}")
    for index in range(rows):
        product = factories.make_product(
            store, title=f"Product {index}", status=ReviewStatus.APPROVED
        )
        db.session.add(
            ActivityRegistration(
                activity_id=activity.id,
                product_id=product.id,
                store_id=store.id,
                promo_price=Decimal("1.00"),
                promo_stock=1,
            )
        )
        factories.make_notification(owner, subject=f"Note {index}")
        factories.make_merchant(store_name=f"Shop {index}", status=ReviewStatus.SUBMITTED)
        factories.make_user(Role.PLANNER)
        factories.make_placement(code=f"placement_{role_or_merchant}_{index}")
        send_mail(f"person{index}@example.com", "Hello", "Body")
    db.session.commit()


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (Role.MERCHANT, "/onboarding"),
        (Role.MERCHANT, "/products/"),
        (Role.MERCHANT, "/store/"),
        (Role.MERCHANT, "/activities/"),
        (Role.MERCHANT, "/activities/registrations"),
        (Role.MERCHANT, "/inbox/"),
        (Role.REVIEWER, "/review/"),
        (Role.REVIEWER, "/review/?kind=product&assignee=none"),
        (Role.REVIEWER, "/review/dashboard"),
        (Role.ADMIN, "/review/audit"),
        (Role.ADMIN, "/admin/activities"),
        (Role.PLANNER, "/budget/plans"),
        (Role.MERCHANT, "/budget/my-plans"),
        (Role.PLANNER, "/budget/placements"),
        (Role.ADMIN, "/admin/users"),
        (Role.ADMIN, "/admin/outbox"),
    ],
)
def test_page_queries_do_not_grow_with_rows(client, auth, role, path):
    if role == Role.MERCHANT:
        _, store = auth.as_merchant(status=ReviewStatus.APPROVED)
    else:
        auth.as_role(role)
        _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    grow("a", store, 2)
    # the category tree is read once per process (then only its version): counted warm
    client.get(path)
    few = statements_for(client, path)
    grow("b", store, 30)
    many = statements_for(client, path)
    assert many == few, f"{path}: {few} statements with few rows, {many} with many"
    # one statement per figure shown: the dashboard and the checklist (with its growth steps
    # and the store's health, two statements) show the most
    ceiling = {"/review/dashboard": 15, "/onboarding": 14}.get(path, 9)
    assert few <= ceiling, f"{path} sends {few} statements"
