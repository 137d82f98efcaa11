"""The audit trail, searchable by admins: who changed what, from which state to which, why,
filterable by every kind of thing recorded, every action taken and every role."""

import io
import json

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_babel import pgettext
from flask_login import current_user
from sqlalchemy import select

from ..access import Role, roles_required
from ..csv_files import csv_writer
from ..extensions import db
from ..pagination import paginate_rows
from . import bp
from .labels import REVIEWED_KINDS, audit_words, detail_namer, kind_labels
from .models import AuditEvent, audit
from .search import TrailFilters


def recorded_actions() -> list[str]:
    """Every action the trail holds: read from the trail, so a new one is filterable at once."""
    return list(
        db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )


@bp.route("/audit")
@roles_required(Role.ADMIN)
def trail():
    filters = TrailFilters.from_args(request.args)
    page = paginate_rows(filters.query())
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
        actions=recorded_actions(),
        roles=list(Role),
        filters=filters,
        export_args=filters.as_args(),
    )


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


EXPORT_LIMIT = 100_000  # a year of a busy portal; narrow the dates for more


@bp.route("/audit/export.csv")
@roles_required(Role.ADMIN)
def export_trail():
    """The events the page's filters select, as CSV in the reader's language, newest first;
    exporting is itself recorded (who took a copy of the trail, and of what)."""
    filters = TrailFilters.from_args(request.args)
    action_label, state_label, detail_label, value_label = audit_words()
    kinds = kind_labels()

    colon, semicolon = _(": "), _("; ")  # full-width in Chinese, as on the page

    def details(detail: dict | None) -> str:
        # named as the page names them: a spreadsheet reader sees words, not a JSON's keys
        return semicolon.join(
            f"{detail_label(key)}{colon}{_shown(value_label(key, value))}"
            for key, value in sorted((detail or {}).items())
            if value  # as the page: an empty value (None, no files) says nothing
        )

    rows = db.session.execute(filters.query().limit(EXPORT_LIMIT)).all()
    out = io.StringIO()
    out.write("\ufeff")  # a spreadsheet opens UTF-8 with a BOM as UTF-8
    writer = csv_writer(out)
    writer.writerow([_("When (UTC)"), _("Who"), _("Role"), _("Kind"), _("Id"),
                     pgettext("audit", "Action"), pgettext("audit", "From"),
                     pgettext("audit", "To"), _("Details")])  # fmt: skip
    for event, email, role in rows:
        writer.writerow([
            event.created_at.isoformat(timespec="seconds"), email or _("system"),
            Role(role).label if role else "", kinds.get(event.subject_kind, event.subject_kind),
            event.subject_id, action_label(event.action),
            state_label(event.from_state) if event.from_state else "",
            state_label(event.to_state) if event.to_state else "",
            details(event.detail),
        ])  # fmt: skip
    copied = {"filters": filters.as_args(), "rows": len(rows)}
    audit(actor_id=current_user.id, subject_kind="user", subject_id=current_user.id,
          action="export_audit", detail=copied)  # fmt: skip
    db.session.commit()
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit-trail.csv"},
    )
