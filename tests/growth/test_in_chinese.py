"""The growth pages in Chinese: every message of the business page, books, recall and the
dashboard is in the zh_Hans catalogue; stages and their reasons read in the page's language;
a recall message is written in the merchant's language, not the manager's."""

from datetime import timedelta

from sqlalchemy import select

from merchant_portal.extensions import db
from merchant_portal.growth.selection import refresh_category_demand
from merchant_portal.notifications.models import Notification
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..catalogue import untranslated
from .builders import sell_daily
from .test_book import declining  # noqa: F401  (the fixture)
from .test_business import live, today

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def test_every_growth_message_is_translated():
    assert untranslated("merchant_portal/growth", "templates/growth") == []


def test_the_worklist_says_stage_and_reasons_in_chinese(client, declining):  # noqa: F811
    page = client.get("/growth/recall", headers=ZH).get_data(as_text=True)
    worklist = page.split('id="worklist"')[1].split("</section>")[0]
    assert "有流失风险" in worklist and "近 4 周成交额下降 60%" in worklist
    assert "At risk" not in worklist and "GMV down" not in worklist


def test_a_recall_message_is_written_in_the_merchants_language(client, app, monkeypatch, declining):  # noqa: F811
    monkeypatch.setitem(app.config, "DEFAULT_LOCALE", "zh_Hans")  # the merchant chose nothing
    _, merchant, store = declining
    client.post(f"/growth/stores/{store.id}/recall", headers={"Accept-Language": "en"},
                data={"kind": "message", "template": "sales_slowing", "note": "周二给您打电话。"})  # fmt: skip
    note = db.session.scalar(select(Notification).where(Notification.user_id == merchant.id))
    assert note.subject.startswith("您的销量放缓了")
    assert note.body.startswith("Falling Fabrics 您好") and "近 4 周成交额下降 60%" in note.body


def test_what_to_sell_next_names_categories_in_chinese(client, auth):
    """The suggestions and the checklist's growth step said “Garden” on a Chinese page."""
    _, mine = auth.as_merchant(status=ReviewStatus.APPROVED, category="Home & Kitchen")
    _, other = factories.make_merchant(status=ReviewStatus.APPROVED)
    start = today() - timedelta(days=7 * 9)
    sell_daily(live(mine, "Skillet"), start, 63, gmv=80.0, orders=2)  # a first sale: the step opens
    garden = live(other, "Planter", category="Garden")
    sell_daily(garden, start, 35, gmv=100.0)
    sell_daily(garden, start + timedelta(days=35), 28, gmv=200.0, orders=8)
    refresh_category_demand(today())
    db.session.commit()
    business = client.get("/growth/", headers=ZH).get_data(as_text=True)
    suggestions = business.split('id="suggestions"')[1].split("</section>")[0]
    assert "园艺家居\uff1a近 8 周销量增长" in suggestions and "Garden" not in suggestions
    checklist = client.get("/onboarding", headers=ZH).get_data(as_text=True)
    assert "在“园艺家居”类目发布一个商品吧" in checklist, "the growth step names the category"
    assert "“Garden”" not in checklist
