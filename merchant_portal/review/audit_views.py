"""The audit trail, searchable by admins: who changed what, from which state to which, why."""

from flask import render_template, request
from sqlalchemy import select

from ..access import Role, roles_required
from ..auth.models import User
from ..numbers import int_arg
from ..pagination import paginate_rows
from ..reviewing.audit import AuditEvent
from . import bp
from .kinds import KIND_LABELS

ACTIONS = (
    "submit",
    "approve",
    "request_changes",
    "reject",
    "assign",
    "edit_profile",
    "edit",
    "edit_live",
    "create",
    "upload_document",
    "remove_document",
    "document_accepted",
    "document_rejected",
    "add_image",
    "remove_image",
)


@bp.route("/audit")
@roles_required(Role.ADMIN)
def audit():
    kind = request.args.get("kind") if request.args.get("kind") in KIND_LABELS else None
    action = request.args.get("action") if request.args.get("action") in ACTIONS else None
    actor = (request.args.get("actor") or "").strip().lower()
    subject_id = int_arg("subject_id", None)
    query = (
        select(AuditEvent, User.email)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    )
    if kind:
        query = query.where(AuditEvent.subject_kind == kind)
    if action:
        query = query.where(AuditEvent.action == action)
    if actor:
        query = query.where(User.email.contains(actor, autoescape=True))
    if subject_id:
        query = query.where(AuditEvent.subject_id == subject_id)
    page = paginate_rows(query)
    return render_template(
        "review/audit.html",
        page=page,
        kinds=KIND_LABELS,
        actions=ACTIONS,
        filters={"kind": kind, "action": action, "actor": actor, "subject_id": subject_id},
    )
