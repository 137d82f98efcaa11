"""The trail's filters, read once from the query string, for the page and its CSV export alike.

Dates are days in the site's time zone (what the page shows), turned into the UTC moments the
trail stores; a date no calendar holds answers 400, like any number out of range."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import abort, current_app
from sqlalchemy import Select, select

from ..access import Role
from ..extensions import db
from ..numbers import int_arg
from .models import SUBJECT_LABELS, AuditEvent


def users():
    """The accounts table the trail's actor column points at, read by its name as the foreign
    key names it: the trail sits below ``auth`` (sign-in writes to the trail)."""
    return db.metadata.tables["users"]


def _day(args, name: str) -> date | None:
    text = (args.get(name) or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text[:10]) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year <= 2100:
        abort(400)
    return day


def _utc(day: date) -> datetime:
    from zoneinfo import ZoneInfo

    local = datetime.combine(day, time(), ZoneInfo(current_app.config["TIMEZONE"]))
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


@dataclass(frozen=True)
class TrailFilters:
    kind: str | None
    action: str | None
    role: str | None
    actor: str
    subject_id: int | None
    since: date | None
    until: date | None  # the last day included

    @classmethod
    def from_args(cls, args) -> "TrailFilters":
        kind = args.get("kind") if args.get("kind") in SUBJECT_LABELS else None
        # an action nobody took yet matches nothing (rather than being ignored and matching all)
        action = (args.get("action") or "").strip()[:30] or None
        roles = {role.value for role in Role}
        role = args.get("role") if args.get("role") in (*roles, "system") else None
        actor = (args.get("actor") or "").strip().lower()[:254]
        since, until = _day(args, "from"), _day(args, "to")
        if since and until and until < since:
            since, until = until, since  # typed the wrong way round: the same days
        return cls(kind, action, role, actor, int_arg("subject_id", None, source=args), since,
                   until)  # fmt: skip

    def as_args(self) -> dict:
        values = {"kind": self.kind, "action": self.action, "role": self.role,
                  "actor": self.actor, "subject_id": self.subject_id,
                  "from": self.since.isoformat() if self.since else None,
                  "to": self.until.isoformat() if self.until else None}  # fmt: skip
        return {key: value for key, value in values.items() if value}

    def query(self) -> Select:
        user = users().c
        query = (
            select(AuditEvent, user.email, user.role)
            .outerjoin(users(), user.id == AuditEvent.actor_id)
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        )
        if self.kind:
            query = query.where(AuditEvent.subject_kind == self.kind)
        if self.action:
            query = query.where(AuditEvent.action == self.action)
        if self.role == "system":
            query = query.where(AuditEvent.actor_id.is_(None))
        elif self.role:
            query = query.where(user.role == Role(self.role))
        if self.actor:
            query = query.where(user.email.contains(self.actor, autoescape=True))
        if self.subject_id:
            query = query.where(AuditEvent.subject_id == self.subject_id)
        if self.since:
            query = query.where(AuditEvent.created_at >= _utc(self.since))
        if self.until:
            query = query.where(AuditEvent.created_at < _utc(self.until + timedelta(days=1)))
        return query
