# ruff: noqa: RUF001, RUF002  (the Chinese uses full-width punctuation, as written)
"""A platform run's progress and closing message in the reader's language: a planner who
started a run in Chinese and switched to English read "完成：已为 5 个商家生成方案" on the
English page (and an English-reading colleague read it too)."""

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.notifications.models import Notification

from .. import factories
from .marketplace import text, two_stores_share_scarce_search
from .test_platform_run import wait_for

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EN = {"Accept-Language": "en"}


def test_the_run_s_messages_follow_the_reader(client, auth):
    two_stores_share_scarce_search(factories.make_user(Role.PLANNER, email="pat@example.com"))
    db.session.commit()
    auth.login("pat@example.com")
    started = client.post("/budget/platform", data={"objective": "revenue"}, headers=ZH)
    run = wait_for(int(started.headers["Location"].rsplit("/", 1)[1]))
    assert run.job.status == "succeeded", run.job.error
    english = text(client.get(f"/budget/platform/{run.id}", headers=EN).text)
    assert "Done: 2 merchants planned" in english and "完成" not in english
    chinese = text(client.get(f"/budget/platform/{run.id}", headers=ZH).text)
    assert "完成：已为 2 个商家生成方案" in chinese and "Done:" not in chinese
    planner = db.session.scalar(select(User).where(User.email == "pat@example.com"))
    notice = db.session.scalar(select(Notification).where(Notification.user_id == planner.id))
    assert "完成：已为 2 个商家生成方案" in notice.body, "told in the language it was started in"
