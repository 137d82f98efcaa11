"""The audit trail, searchable by admins: who changed what, from which state to which, why,
filterable by every kind of thing recorded, every action taken and every role."""

from flask import render_template, request
from sqlalchemy import select

from ..access import Role, roles_required
from ..extensions import db
from ..numbers import int_arg
from ..pagination import paginate_rows
from . import bp
from .labels import REVIEWED_KINDS, audit_words, detail_namer, kind_labels
from .models import SUBJECT_LABELS, AuditEvent


def users():
    """The accounts table the trail's actor column points at, read by its name as the foreign
    key names it: the trail sits below ``auth`` (sign-in writes to the trail)."""
    return db.metadata.tables["users"]


def recorded_actions() -> list[str]:
    """Every action the trail holds: read from the trail, so a new one is filterable at once."""
    return list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )


@bp.route("/audit")
@roles_required(Role.ADMIN)
def trail():
    actions = recorded_actions()
    kind = request.args.get("kind") if request.args.get("kind") in SUBJECT_LABELS else None
    # an action nobody took yet matches nothing (rather than being ignored and matching all)
    action = (request.args.get("action") or "").strip()[:30] or None
    roles = {role.value: role for role in Role}
    role = request.args.get("role") if request.args.get("role") in (*roles, "system") else None
    actor = (request.args.get("actor") or "").strip().lower()
    subject_id = int_arg("subject_id", None)
    user = users().c
    query = (
        select(AuditEvent, user.email, user.role)
        .outerjoin(users(), user.id == AuditEvent.actor_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )
    if kind:
        query = query.where(AuditEvent.subject_kind == kind)
    if action:
        query = query.where(AuditEvent.action == action)
    if role == "system":
        query = query.where(AuditEvent.actor_id.is_(None))
    elif role:
        query = query.where(user.role == roles[role])
    if actor:
        query = query.where(user.email.contains(actor, autoescape=True))
    if subject_id:
        query = query.where(AuditEvent.subject_id == subject_id)
    page = paginate_rows(query)
    action_label, state_label, detail_label, value_label = audit_words()
    return render_template(
        "audit/trail.html",
        page=page,
        kinds=kind_labels(),
        action_label=action_label,
        state_label=state_label,
        detail_label=detail_label,
        value_label=value_label,
        reason_labels=detail_namer("reasons"),
        review_kinds=REVIEWED_KINDS,
        actions=actions,
        roles=list(Role),
        filters={
            "kind": kind,
            "action": action,
            "role": role,
            "actor": actor,
            "subject_id": subject_id,
        },
    )
