"""Recall and retention: the actions a manager takes and whether GMV came back after them."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import url_for
from flask_babel import force_locale
from sqlalchemy import and_, func, select

from ..audit import audit
from ..auth.models import User
from ..extensions import db
from ..i18n import _, filled, ngettext, recipient_locale
from ..market_day_sql import market_date
from ..notifications.services import notify
from ..onboarding.store.models import Store
from ..sales.models import StoreDay
from ..timeutil import market_day
from ..transitions import insert_once
from .lifecycle import Lifecycle
from .models import RecallAction
from .recall_messages import TEMPLATES

OUTCOME_DAYS = 30


def record_action(
    store: Store, merchant: User, manager: User, life: Lifecycle, kind: str, **fields
) -> RecallAction | None:
    """One recall action, audited; a message also goes to the merchant's inbox and mail.
    None when this render of the form was recorded already (a double submit)."""
    action = RecallAction(
        store_id=store.id,
        actor_id=manager.id,
        kind=kind,
        stage=life.stage.value,
        template=fields.get("template") if kind == "message" else None,  # as the form kept
        note=fields.get("note") or "",  # what was typed for another action: not this one's
        snooze_until=fields.get("snooze_until") if kind == "snooze" else None,
        form_key=fields.get("form_key"),
    )
    if not insert_once(action):  # before anything is sent
        return None
    if kind == "message":
        subject, body = TEMPLATES[action.template]
        with force_locale(recipient_locale(merchant)):
            reasons = _("; ").join(str(reason) for reason in life.reasons) or _("no details")
            text = filled(str(body), {"store": store.name, "reasons": reasons})
            subject = str(subject)
        if action.note:
            text += f"\n\n{action.note}"
        notify(merchant, subject, text, link=url_for("growth.business"))
    db.session.flush()
    audit(
        manager.id,
        "store",
        store.id,
        f"recall_{kind}",
        detail={
            "action": action.id,
            "stage": action.stage,
            "template": action.template,
            "note": action.note,
            "snooze_until": action.snooze_until.isoformat() if action.snooze_until else None,
        },
    )
    return action


@dataclass(frozen=True)
class Outcome:
    before: Decimal  # GMV in the OUTCOME_DAYS before the action
    after: Decimal  # and since it, up to OUTCOME_DAYS
    days_left: int

    @property
    def label(self) -> str:
        if self.after > self.before or (self.after > 0 and not self.before):
            return _("GMV back")
        if self.days_left > 0:
            return ngettext(
                "watching, %(num)d day left", "watching, %(num)d days left", self.days_left
            )
        return _("not back")


def outcomes(actions: list[RecallAction], today: date) -> dict[int, Outcome]:
    """One statement for a page of actions: each store's GMV around each action."""
    if not actions:
        return {}
    dialect = db.engine.dialect.name
    action_day = market_date(RecallAction.created_at, dialect)
    rows = db.session.execute(
        select(
            RecallAction.id,
            func.coalesce(func.sum(StoreDay.gmv).filter(StoreDay.day < action_day), 0),
            func.coalesce(func.sum(StoreDay.gmv).filter(StoreDay.day >= action_day), 0),
        )
        .outerjoin(
            StoreDay,
            and_(
                StoreDay.store_id == RecallAction.store_id,
                StoreDay.day >= market_date(RecallAction.created_at, dialect, -OUTCOME_DAYS),
                StoreDay.day < market_date(RecallAction.created_at, dialect, OUTCOME_DAYS),
            ),
        )
        .where(RecallAction.id.in_([a.id for a in actions]))
        .group_by(RecallAction.id)
    ).all()
    made = {a.id: market_day(a.created_at) for a in actions}
    return {
        action_id: Outcome(
            Decimal(before),
            Decimal(after),
            max(OUTCOME_DAYS - (today - made[action_id]).days, 0),
        )
        for action_id, before, after in rows
    }


def snoozed_until(store_ids: list[int], today: date) -> dict[int, date]:
    """Stores whose latest snooze still runs, and until when."""
    if not store_ids:
        return {}
    return dict(
        db.session.execute(
            select(RecallAction.store_id, func.max(RecallAction.snooze_until))
            .where(RecallAction.store_id.in_(store_ids), RecallAction.kind == "snooze")
            .group_by(RecallAction.store_id)
            .having(func.max(RecallAction.snooze_until) > today)
        ).all()
    )
