"""A store's fall below the health line reaches its account manager: one inbox notice and
one mail per fall, in the manager's language, saying why and linking to the recall page; a
second run of the job the same day tells nobody."""

from datetime import timedelta

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.extensions import db
from merchant_portal.growth.health_history import take_snapshot
from merchant_portal.growth.health_job import snapshot_today
from merchant_portal.growth.health_notices import tell_managers
from merchant_portal.growth.models import MerchantAccount
from merchant_portal.mail.models import OutboxMessage
from merchant_portal.notifications.models import Notification

from .. import factories
from .test_health import troubled_store
from .test_health_history import earlier


def notices(user_id: int) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.user_id == user_id).order_by(Notification.id)
        )
    )


def mails(email: str) -> list[str]:
    return list(
        db.session.scalars(
            select(OutboxMessage.body)
            .where(OutboxMessage.recipient == email)
            .order_by(OutboxMessage.id)
        )
    )


def managed_fall(name: str = "Poorly", locale: str | None = None):
    manager = factories.make_user(Role.REVIEWER, email="am@example.com")
    if locale:
        manager.locale = locale
    _, store = troubled_store(name)
    db.session.add(MerchantAccount(store_id=store.id, manager_id=manager.id))
    db.session.commit()
    earlier(store.id, 1, 880)  # above the line yesterday
    return manager, store


def test_the_manager_is_told_once_why_the_store_fell_with_a_link(app):
    manager, store = managed_fall()
    snapshot_today()
    [notice] = notices(manager.id)
    assert notice.subject == "Poorly fell below the health line"
    assert "fell to 525, below 600" in notice.body
    assert "The main reason: refunds are 12% of GMV over 4 weeks" in notice.body
    assert notice.link == f"/growth/stores/{store.id}/recall"
    [mail] = mails(manager.email)
    assert f"/growth/stores/{store.id}/recall" in mail and "refunds are 12% of GMV" in mail

    snapshot_today()  # a second consumer's scheduler, or a retried task, the same day
    assert len(notices(manager.id)) == 1
    assert len(mails(manager.email)) == 1


def test_the_notice_speaks_the_manager_s_language(app):
    manager, _store = managed_fall("茶舍", locale="zh_Hans")
    snapshot_today()
    [notice] = notices(manager.id)
    assert notice.subject == "茶舍的健康分跌破警戒线"
    assert (
        "525" in notice.body and "600" in notice.body and "近 4 周退款占成交额的 12%" in notice.body
    )
    assert not any(word in notice.body for word in ("below", "reason", "document"))


def test_nobody_is_told_of_a_store_without_an_active_manager(app):
    manager, _store = managed_fall()
    _, orphan = troubled_store("Nobody's")
    manager.active = False
    db.session.commit()
    earlier(orphan.id, 1, 900)
    result = snapshot_today()
    assert result.crossings == 2
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0


def test_a_store_still_below_the_next_day_is_not_told_again(app):
    manager, _store = managed_fall()
    snapshot_today()
    tomorrow = factories.market_today() + timedelta(days=1)
    take_snapshot(tomorrow)  # still below: the same fall, no new crossing
    assert tell_managers(tomorrow) == 0
    assert len(notices(manager.id)) == 1
