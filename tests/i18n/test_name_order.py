"""Stores are listed by pinyin, as a Chinese reader looks a name up (阿里, 北京, 茶舍, 张三, 中国),
on PostgreSQL, the portal's production database. By code point, the order before, 中国 came
first and 阿里 last. SQLite has no pinyin collation: these run on PostgreSQL only."""

from decimal import Decimal

import pytest

from merchant_portal.access import Role
from merchant_portal.budget.models import AdBudget
from merchant_portal.extensions import db
from merchant_portal.growth.models import MerchantAccount

from .. import factories
from ..budget.marketplace import catalogue, shop
from ..budget.test_platform_publish import draft

pytestmark = pytest.mark.postgres_only

# in pinyin order: a li, bei jing, cha she, zhang san, zhong guo
PINYIN_ORDER = ["阿里小店", "北京好物", "茶舍", "张三百货", "中国茶叶"]
BY_CODE_POINT = sorted(PINYIN_ORDER)


def needs_postgresql():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no pinyin collation: it lists names by code point")


def order_on(page: str) -> list[str]:
    return sorted(PINYIN_ORDER, key=page.index)


def test_the_check_can_tell_the_orders_apart():
    assert BY_CODE_POINT != PINYIN_ORDER and BY_CODE_POINT[0] == "中国茶叶"


def test_the_book_and_the_assignments_list_names_by_pinyin(client, auth):
    needs_postgresql()
    manager = factories.make_user(Role.REVIEWER)
    for name in reversed(PINYIN_ORDER):
        _, store = factories.make_merchant(store_name=name)
        db.session.add(MerchantAccount(store_id=store.id, manager_id=manager.id))
    db.session.commit()
    auth.login(manager.email)
    assert order_on(client.get("/growth/book?sort=name").text) == PINYIN_ORDER
    assert order_on(client.get("/growth/book?sort=name&dir=desc").text) == PINYIN_ORDER[::-1]
    auth.logout()
    auth.as_role(Role.ADMIN)
    assert order_on(client.get("/growth/assignments").text) == PINYIN_ORDER


def test_a_platform_run_lists_its_stores_by_pinyin(client, auth):
    needs_postgresql()
    planner = factories.make_user(Role.PLANNER)
    catalogue(search_clicks=None, slot=False, saturated=True)
    for number, name in enumerate(reversed(PINYIN_ORDER)):
        store = shop(name, f"shop{number}@example.com")
        db.session.add(AdBudget(store_id=store.id, monthly=Decimal(8000), set_by_id=planner.id))
    db.session.commit()
    auth.login(planner.email)
    run = draft(client)
    assert order_on(client.get(f"/budget/platform/{run.id}").text) == PINYIN_ORDER
