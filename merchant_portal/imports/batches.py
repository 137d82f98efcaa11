"""Claiming a batch for an imported file, and undoing one. The caller commits once, so the
batch and its rows land together or not at all."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..audit import audit
from ..auth.models import User
from ..extensions import db
from ..jobs.messages import JobMessage, add_message_words, say
from ..timeutil import utcnow
from ..transitions import move_once
from .models import ImportBatch


def fingerprint(rows: list) -> str:
    """The content of a file as read, not its bytes: the same rows saved again with other line
    endings, a byte-order mark or another file name are still the same import."""
    canonical = json.dumps(rows, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class FirstImport:
    batch_id: int
    by: str
    at: datetime
    file_name: str


class AlreadyImported(Exception):
    """This content is already imported for this store; says who imported it and when."""

    def __init__(self, first: FirstImport):
        super().__init__(
            already_imported_words(first.by, first.at, first.file_name, first.batch_id)
        )
        self.first = first

    def as_job_message(self) -> JobMessage:
        """How an import job that hit it says so (worded when shown, in the reader's language)."""
        first = self.first
        return say(ALREADY_IMPORTED, by=first.by, at=first.at.isoformat(),
                   file=first.file_name, batch=first.batch_id)  # fmt: skip


def already_imported_words(by: str, at: datetime | str, file: str, batch: int) -> str:
    return _(
        "This file was already imported by %(by)s on %(when)s (“%(file)s”, import "
        "#%(batch)s). Undo that import first if you mean to replace it.",
        by=by,
        when=format_datetime(
            datetime.fromisoformat(at) if isinstance(at, str) else at, "yyyy-MM-dd HH:mm"
        ),
        file=file,
        batch=batch,
    )


def rejected(problem_count: int) -> JobMessage:
    """An import job whose file had problems: nothing was imported."""
    return say(REJECTED, num=problem_count)


ALREADY_IMPORTED, REJECTED = "import.already_imported", "import.rejected"
add_message_words(
    {
        ALREADY_IMPORTED: lambda by, at, file, batch: already_imported_words(by, at, file, batch),
        REJECTED: lambda num: ngettext(
            "%(num)d problem in the file: nothing was imported",
            "%(num)d problems in the file: nothing was imported",
            num,
        ),
    }
)


def _live_batch(kind: str, store_id: int, content_hash: str) -> FirstImport | None:
    row = db.session.execute(
        select(ImportBatch.id, User.email, ImportBatch.created_at, ImportBatch.file_name)
        .join(User, User.id == ImportBatch.created_by_id)
        .where(
            ImportBatch.kind == kind,
            ImportBatch.store_id == store_id,
            ImportBatch.content_hash == content_hash,
            ImportBatch.undone_at.is_(None),
        )
    ).first()
    return FirstImport(*row) if row else None


def claim_batch(kind: str, store_id: int, rows: list, file_name: str, actor: User) -> ImportBatch:
    """The batch the imported rows will point to, inserted first so that a second copy of the
    same file waits on the unique index and is then refused, naming the first.

    Raises AlreadyImported (the session rolled back to before the batch) when it is a copy."""
    content_hash = fingerprint(rows)
    first = _live_batch(kind, store_id, content_hash)
    if first is not None:
        raise AlreadyImported(first)
    batch = ImportBatch(
        kind=kind,
        store_id=store_id,
        content_hash=content_hash,
        file_name=(file_name or "upload.csv")[:200],
        row_count=len(rows),
        created_by_id=actor.id,
    )
    savepoint = db.session.begin_nested()
    db.session.add(batch)
    try:
        db.session.flush()
    except IntegrityError:
        # another request imported the same content a moment ago and has committed by now
        savepoint.rollback()
        first = _live_batch(kind, store_id, content_hash)
        if first is None:  # it was rolled back meanwhile: nothing to name, just refuse
            raise
        raise AlreadyImported(first) from None
    savepoint.commit()
    audit(
        actor_id=actor.id,
        subject_kind="import",
        subject_id=batch.id,
        action="import",
        detail={"kind": kind, "store": store_id, "rows": len(rows), "file": batch.file_name},
    )
    return batch


def refuse_if_imported(kind: str, store_id: int, rows: list) -> None:
    """Raises AlreadyImported, naming the first import, when these rows were imported; for a
    caller that decides without claiming a batch (a claim is only undone by a rollback, and
    SQLite's driver commits a released outermost savepoint)."""
    first = _live_batch(kind, store_id, fingerprint(rows))
    if first is not None:
        raise AlreadyImported(first)


class AlreadyUndone(Exception):
    """Another request undid this import first."""


def claim_undo(batch: ImportBatch, actor: User) -> None:
    """Marks the batch undone before its rows go, once: the conditional update decides, not
    the page's check before it, so two undo clicks at the same moment undo (and audit) once.
    The second waits on the first's row lock, then finds it undone: AlreadyUndone."""
    if not move_once(batch, "undone_at", (None,), undone_at=utcnow(), undone_by_id=actor.id):
        raise AlreadyUndone(batch.id)


def mark_undone(batch: ImportBatch, actor: User, removed: int) -> None:
    """The undo's audit event, once its rows are gone (``claim_undo`` came first)."""
    audit(
        actor_id=actor.id,
        subject_kind="import",
        subject_id=batch.id,
        action="undo_import",
        detail={"kind": batch.kind, "store": batch.store_id, "removed": removed},
    )


def recent_batches(kind: str, store_id: int, limit: int = 10) -> list[tuple[ImportBatch, str]]:
    """The store's latest imports of this kind, with who made them."""
    return list(
        db.session.execute(
            select(ImportBatch, User.email)
            .join(User, User.id == ImportBatch.created_by_id)
            .where(ImportBatch.kind == kind, ImportBatch.store_id == store_id)
            .order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc())
            .limit(limit)
        )
    )
