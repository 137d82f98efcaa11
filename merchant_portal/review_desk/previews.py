"""A store's documents shown inside the decision page, beside the profile.

The store's own document link sends the file as a download (never a page of the portal).
The preview sends it inline for the desk's frame alone: only the types uploads accept as
documents, sandboxed (no script, no forms, an origin of its own), framed by the portal's
pages only, its type never sniffed."""

from pathlib import Path

from flask import abort, current_app, send_from_directory

from ..access import Role, roles_required
from ..extensions import db
from ..onboarding.store.models import StoreDocument
from . import bp

INLINE = {"application/pdf", "image/png", "image/jpeg"}
PREVIEW_POLICY = (
    "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
)


def previewable(document: StoreDocument) -> str | None:
    """How the page shows it: "image", "pdf", or None (a link only)."""
    if document.content_type not in INLINE:
        return None
    return "pdf" if document.content_type == "application/pdf" else "image"


@bp.route("/documents/<int:document_id>/preview")
@roles_required(Role.REVIEWER, Role.ADMIN)
def document_preview(document_id: int):
    document = db.session.get(StoreDocument, document_id) or abort(404)
    if previewable(document) is None:
        abort(404)
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "document"
    response = send_from_directory(
        folder, document.stored_name, mimetype=document.content_type,
        download_name=document.original_name, as_attachment=False,
    )  # fmt: skip
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Content-Security-Policy"] = PREVIEW_POLICY
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
