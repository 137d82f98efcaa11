"""The daily look at store documents' expiry dates: a document about to lapse is announced to
its merchant; a lapsed one is flagged to the merchant and to the store's account manager,
each once, in their own language. Listings in a category that needs the document are then
not offered for promotions (``store.qualifications``, read by the eligibility rules).

Runs each night from the queue's scheduler; run twice, it tells no one twice (the notices'
keys are unique in the database)."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, has_request_context, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from huey import crontab
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit import audit
from ..auth.models import User
from ..extensions import db
from ..i18n import in_language_of
from ..jobs.queue import periodic_task
from ..notifications.models import Notification
from ..notifications.services import notify
from ..onboarding.store.models import Store, StoreDocument
from ..timeutil import market_today
from .models import MerchantAccount

WARN_DAYS = 30  # a merchant hears a month ahead, time enough to renew a licence


@dataclass
class Checked:
    expiring: int = 0
    lapsed: int = 0


def _path(endpoint: str, **values) -> str:
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def _superseded(document: StoreDocument, documents: list[StoreDocument]) -> bool:
    """A renewed one of the same kind, valid for longer (or for good), makes this one moot."""
    return any(
        other.id != document.id
        and other.kind == document.kind
        and other.verdict != "rejected"
        and (other.expires_on is None or other.expires_on > document.expires_on)
        for other in documents
    )


def check_documents(today: date) -> Checked:
    """Notices for every document lapsed or lapsing within WARN_DAYS; staged, the caller
    commits. Each notice in its own savepoint: one another run sent first is skipped."""
    horizon = today + timedelta(days=WARN_DAYS)
    due = list(
        db.session.scalars(
            select(StoreDocument).where(
                StoreDocument.expires_on.is_not(None),
                StoreDocument.expires_on < horizon,
                StoreDocument.verdict.is_distinct_from("rejected"),
            )
        )
    )
    if not due:
        return Checked()
    store_ids = {d.store_id for d in due}
    by_store: dict[int, list[StoreDocument]] = {}
    for each in db.session.scalars(
        select(StoreDocument).where(StoreDocument.store_id.in_(store_ids))
    ):
        by_store.setdefault(each.store_id, []).append(each)
    stores = {
        store.id: (store, manager_id)
        for store, manager_id in db.session.execute(
            select(Store, MerchantAccount.manager_id)
            .outerjoin(MerchantAccount, MerchantAccount.store_id == Store.id)
            .where(Store.id.in_(store_ids))
        )
    }
    user_ids = {s.merchant_id for s, _m in stores.values()} | {m for _s, m in stores.values() if m}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    keys = [_key(d, today) for d in due]
    sent = set(db.session.scalars(select(Notification.key).where(Notification.key.in_(keys))))
    checked = Checked()
    for document, key in zip(due, keys, strict=True):
        if key in sent or _superseded(document, by_store[document.store_id]):
            continue
        store, manager_id = stores[document.store_id]
        lapsed = document.lapsed(today)
        try:
            with db.session.begin_nested():
                _tell(document, store, users.get(store.merchant_id), key, lapsed)
                if lapsed and manager_id and manager_id in users:
                    _tell_manager(document, store, users[manager_id], key)
                audit(
                    actor_id=None,
                    subject_kind="store",
                    subject_id=store.id,
                    action="document_lapsed" if lapsed else "document_expiring",
                    detail={
                        "document": document.id,
                        "kind": document.kind,
                        "file": document.original_name,
                        "expires_on": document.expires_on.isoformat(),
                    },
                )
        except IntegrityError:  # another run sent it first
            continue
        if lapsed:
            checked.lapsed += 1
        else:
            checked.expiring += 1
    return checked


def _key(document: StoreDocument, today: date) -> str:
    state = "lapsed" if document.lapsed(today) else "expiring"
    return f"document-{state}:{document.id}"


def _tell(document: StoreDocument, store: Store, merchant: User | None, key: str, lapsed: bool):
    if merchant is None:
        return
    with in_language_of(merchant):
        values = {
            "document": document.kind_label,
            "file": document.original_name,
            "date": format_date(document.expires_on, "long"),
        }
        if lapsed:
            subject = _("Your %(document)s has lapsed", **values)
            body = _(
                "Your %(document)s (“%(file)s”) was valid until %(date)s. Until you upload "
                "the renewed document, listings in categories that need it cannot be "
                "registered for promotions, and new listings there cannot be submitted.",
                **values,
            )
        else:
            subject = _("Your %(document)s expires on %(date)s", **values)
            body = _(
                "Your %(document)s (“%(file)s”) is valid until %(date)s. Upload the renewed "
                "document on your store page before then, so that your listings stay "
                "eligible for promotions.",
                **values,
            )
    notify(merchant, subject, body, link=_path("store.profile", _anchor="documents"), key=key)


def _tell_manager(document: StoreDocument, store: Store, manager: User, key: str):
    with in_language_of(manager):
        values = {
            "store": store.name,
            "document": document.kind_label,
            "date": format_date(document.expires_on, "long"),
        }
        subject = _("%(store)s: %(document)s has lapsed", **values)
        body = _(
            "The %(document)s of %(store)s, one of your merchants, was valid until %(date)s. "
            "Its listings in categories that need it are no longer offered for promotions "
            "until the merchant uploads the renewed document.",
            **values,
        )
    link = _path("review.detail", kind="store", subject_id=store.id)
    notify(manager, subject, body, link=link, key=f"{key}:manager")


@periodic_task(crontab(hour="1", minute="10"))
def nightly_document_check() -> None:
    check_documents(market_today())
    db.session.commit()
