"""The growth pages in Chinese: every message of the business page, books, recall and the
dashboard is in the zh_Hans catalogue; stages and their reasons read in the page's language;
a recall message is written in the merchant's language, not the manager's."""

from sqlalchemy import select

from merchant_portal.extensions import db
from merchant_portal.notifications.models import Notification

from ..catalogue import untranslated
from .test_book import declining  # noqa: F401  (the fixture)

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
