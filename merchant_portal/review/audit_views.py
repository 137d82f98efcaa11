"""The audit trail, searchable by admins: who changed what, from which state to which, why,
filterable by every kind of thing recorded, every action taken and every role."""

from flask import render_template, request
from sqlalchemy import select

from ..access import Role, roles_required
from ..auth.models import User
from ..extensions import db
from ..numbers import int_arg
from ..pagination import paginate_rows
from ..reviewing.audit import SUBJECT_LABELS, AuditEvent
from ..reviewing.reasons import reason_labels
from . import bp
from .audit_labels import audit_words, kind_labels
from .kinds import KIND_LABELS


def recorded_actions() -> list[str]:
    """Every action the trail holds: read from the trail, so a new one is filterable at once."""
    return list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )


@bp.route("/audit")
@roles_required(Role.ADMIN)
def audit():
    actions = recorded_actions()
    kind = request.args.get("kind") if request.args.get("kind") in SUBJECT_LABELS else None
    # an action nobody took yet matches nothing (rather than being ignored and matching all)
    action = (request.args.get("action") or "").strip()[:30] or None
    roles = {role.value: role for role in Role}
    role = request.args.get("role") if request.args.get("role") in (*roles, "system") else None
    actor = (request.args.get("actor") or "").strip().lower()
    subject_id = int_arg("subject_id", None)
    query = (
        select(AuditEvent, User.email, User.role)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )
    if kind:
        query = query.where(AuditEvent.subject_kind == kind)
    if action:
        query = query.where(AuditEvent.action == action)
    if role == "system":
        query = query.where(AuditEvent.actor_id.is_(None))
    elif role:
        query = query.where(User.role == roles[role])
    if actor:
        query = query.where(User.email.contains(actor, autoescape=True))
    if subject_id:
        query = query.where(AuditEvent.subject_id == subject_id)
    page = paginate_rows(query)
    action_label, state_label, detail_label = audit_words()
    return render_template(
        "review/audit.html",
        page=page,
        kinds=kind_labels(),
        action_label=action_label,
        state_label=state_label,
        detail_label=detail_label,
        reason_labels=reason_labels,
        review_kinds=KIND_LABELS,
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
