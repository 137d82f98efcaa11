"""Changes to a merchant's store. Each stages its changes; the view commits once."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ...audit import audit
from ...auth.models import User
from ...auth.signals import merchant_signed_up
from ...extensions import db
from ...uploads import UploadRejected, discard, save_upload
from ...workflow.machine import move
from .models import PROFILE_FIELDS, Store, StoreDocument, profile_field_label


class NotReady(ValueError):
    """The store cannot be submitted yet; the message says what is missing."""


def open_store(merchant: User, name: str) -> Store:
    """The store a merchant gets at sign-up, a draft until they submit it."""
    store = Store(merchant_id=merchant.id, name=name)
    db.session.add(store)
    return store


@merchant_signed_up.connect
def _open_the_new_merchants_store(merchant: User, store_name: str, **_) -> None:
    open_store(merchant, store_name)


def save_profile(store: Store, form, actor: User) -> None:
    """Audited only when something changed: the profile is saved with every action on its
    page, most of them leaving it as it was."""
    changed = []
    for field in ("name", *PROFILE_FIELDS, "contact_phone"):
        value = getattr(form, field).data or None
        if getattr(store, field) != value:
            setattr(store, field, value)
            changed.append(field)
    if changed:
        audit(
            actor_id=actor.id,
            subject_kind="store",
            subject_id=store.id,
            action="edit_profile",
            detail={"fields": changed},
        )


def add_document(
    store: Store, kind: str, upload, actor: User, expires_on: date | None = None
) -> StoreDocument:
    stored = save_upload(upload, "document")
    same = db.session.scalar(
        select(StoreDocument).where(
            StoreDocument.store_id == store.id, StoreDocument.sha256 == stored.sha256
        )
    )
    if same is not None:
        discard("document", stored.stored_name)
        raise _already_uploaded(stored.original_name, same)
    document = StoreDocument(
        store_id=store.id,
        kind=kind,
        original_name=stored.original_name,
        stored_name=stored.stored_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        expires_on=expires_on,
    )
    try:  # the same file sent twice at once: the database keeps one
        with db.session.begin_nested():
            db.session.add(document)
    except IntegrityError:
        discard("document", stored.stored_name)
        raise UploadRejected(
            _("“%(file)s” is already among your documents.", file=stored.original_name)
        ) from None
    audit(
        actor_id=actor.id,
        subject_kind="store",
        subject_id=store.id,
        action="upload_document",
        detail={
            "document": document.id,
            "kind": kind,
            "file": stored.original_name,
            "expires_on": expires_on.isoformat() if expires_on else None,
        },
    )
    return document


def _already_uploaded(name: str, same: StoreDocument) -> UploadRejected:
    return UploadRejected(
        _(
            "“%(file)s” is the same file as “%(earlier)s” (%(kind)s), already uploaded: "
            "it is not added twice. Did you mean to upload another document?",
            file=name,
            earlier=same.original_name,
            kind=same.kind_label,
        )
    )


def remove_document(store: Store, document: StoreDocument, actor: User) -> bool:
    """False when another request removed it first (a double click): one DELETE decides,
    where the second ORM delete matched no row (StaleDataError, a 500)."""
    gone = db.session.execute(delete(StoreDocument).where(StoreDocument.id == document.id)).rowcount
    if not gone:
        return False
    audit(
        actor_id=actor.id,
        subject_kind="store",
        subject_id=store.id,
        action="remove_document",
        detail={"document": document.id, "file": document.original_name},
    )
    return True


def after_commit_discard(document: StoreDocument) -> None:
    discard("document", document.stored_name)


def submit_store(store: Store, documents: list[StoreDocument], actor: User) -> None:
    missing = [profile_field_label(name) for name in store.missing_profile_fields]
    problems = []
    if missing:
        problems.append(_("fill in %(fields)s", fields=_(", ").join(missing)))
    if not any(d.kind == "business_licence" for d in documents):
        problems.append(_("upload your business licence"))
    if any(d.verdict == "rejected" for d in documents):
        problems.append(_("replace or remove the documents that were not accepted"))
    if problems:
        raise NotReady(_("Before submitting: %(problems)s.", problems=_("; ").join(problems)))
    move(store, "submit", actor)
