"""The audit trail every feature writes: the event model and ``audit()`` that stages one, the
trail's words, and the admins' page over it. Features import this package; it imports none:
a feature whose codes the page should name or link registers them here (``labels``)."""

from flask import Blueprint, Flask

from .models import SUBJECT_LABELS, AuditEvent, audit

# the trail's page sat with the review desk at /review/audit; its address stays
bp = Blueprint("audit", __name__, url_prefix="/review")


__all__ = ["SUBJECT_LABELS", "AuditEvent", "audit", "bp"]


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here."""
    from . import views  # noqa: F401

    app.register_blueprint(bp)
