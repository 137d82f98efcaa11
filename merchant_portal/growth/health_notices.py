"""Account managers are told when a store in their book falls below the health line: one
inbox notice (and mail) per fall, in the manager's language, with the costliest problem as
the reason and a link to the store's recall page. "Once" is held by the database: the
notice's key (store and day of the fall) is unique in the inbox, keys already there are
skipped, and a notice racing another consumer's is rolled back alone (a savepoint)."""

from datetime import date

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..extensions import db
from ..i18n import _, in_language_of
from ..notifications.models import Notification
from ..notifications.services import notify
from ..onboarding.store.models import Store
from .health_facts import store_health
from .models import HealthCrossing, MerchantAccount


def notice_key(store_id: int, day: date) -> str:
    return f"health-crossing:{store_id}:{day.isoformat()}"


def tell_managers(day: date) -> int:
    """Tells each active manager of the stores that fell below the line on ``day`` and were
    not told yet; the caller commits. Returns how many were told. A constant number of
    statements to find them, whatever their number."""
    rows = db.session.execute(
        select(HealthCrossing, User, Store.name)
        .join(MerchantAccount, MerchantAccount.store_id == HealthCrossing.store_id)
        .join(User, User.id == MerchantAccount.manager_id)
        .join(Store, Store.id == HealthCrossing.store_id)
        .where(HealthCrossing.day == day, User.active.is_(True))
        .order_by(HealthCrossing.id)
    ).all()
    if not rows:
        return 0
    keys = {notice_key(c.store_id, c.day) for c, _user, _name in rows}
    told = set(db.session.scalars(select(Notification.key).where(Notification.key.in_(keys))))
    rows = [r for r in rows if notice_key(r[0].store_id, r[0].day) not in told]
    healths = store_health([c.store_id for c, _user, _name in rows], day) if rows else {}
    sent = 0
    base = current_app.config.get("PUBLIC_URL") or "http://localhost/"
    with current_app.test_request_context(base_url=base):
        for crossing, manager, store_name in rows:
            health = healths.get(crossing.store_id)
            with in_language_of(manager):
                reason = (
                    str(health.problems[0].what)
                    if health and health.problems
                    else _("several small problems together")
                )
                subject = _("%(store)s fell below the health line", store=store_name)
                body = _(
                    "The health score of %(store)s fell to %(score)d, below %(line)d. "
                    "The main reason: %(reason)s. The store is on your recall worklist.",
                    store=store_name,
                    score=crossing.score,
                    line=crossing.threshold,
                    reason=reason,
                )
            savepoint = db.session.begin_nested()
            try:
                notify(manager, subject, body,
                       url_for("growth.recall_store", store_id=crossing.store_id),
                       key=notice_key(crossing.store_id, crossing.day))  # fmt: skip
                db.session.flush()
            except IntegrityError:  # another consumer told them first
                savepoint.rollback()
                continue
            savepoint.commit()
            sent += 1
    return sent
