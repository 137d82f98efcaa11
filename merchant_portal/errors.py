"""Generic error pages: a readable message, never a traceback; JSON for JSON clients."""

import logging

from flask import Flask, has_request_context, jsonify, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from .access import wants_json
from .column_limits import TextTooLong
from .extensions import db
from .transitions import RowGone

log = logging.getLogger(__name__)
API_PREFIX = "/api/"

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and try again.")),
    403: (_l("Not allowed"), _l("Your account cannot open this page.")),
    404: (_l("Not found"), _l("There is nothing here, or it is not yours to see.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    409: (_l("Already changed"), _l("Someone else changed this first. Reload to see the latest.")),
    413: (_l("Too large"), _l("What you sent is larger than the portal accepts.")),
    415: (_l("Not a form"), _l("This page takes a form, not a JSON body.")),
    429: (
        _l("Too many attempts"),
        _l("You tried that too often. Wait a minute, then try again."),
    ),
    500: (_l("Something went wrong"), _l("The portal hit an error. Nothing was saved; try again.")),
}


class Refused(BadRequest):
    """A 400 that says why, in the reader's words (``said``: a lazy or plain text)."""

    def __init__(self, said) -> None:
        super().__init__()
        self.said = said


def is_api_request() -> bool:
    return has_request_context() and request.path.startswith(API_PREFIX)


def _api_error(status: int, message) -> tuple:
    """The API answers programmers: JSON in English whatever the site's language or the
    client's Accept header (a 405 and a 413 came back as Chinese HTML), keyed like its own
    refusals ("method_not_allowed", "request_entity_too_large")."""
    with force_locale("en"):
        text = str(message)
    key = HTTP_STATUS_CODES.get(status, "error").lower().replace(" ", "_").replace("-", "_")
    return jsonify(error=key, message=text), status


def _render(status: int, detail: str | None = None):
    title, message = MESSAGES.get(status, (_l("Error"), _l("The request could not be completed.")))
    if detail:
        message = detail
    if is_api_request():
        return _api_error(status, message)
    title, message = str(title), str(message)  # in the reader's language, for JSON too
    if wants_json():
        return jsonify(error=title, message=message), status
    return render_template("errors/error.html", status=status, title=title, message=message), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        db.session.rollback()
        return _render(
            400, _l("The form expired or was sent from elsewhere. Reload and try again.")
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        db.session.rollback()
        if isinstance(error, TextTooLong):
            return _render(400, TextTooLong.description)
        if isinstance(error, Refused):
            return _render(400, str(error.said))
        return _render(error.code or 500)

    @app.errorhandler(RowGone)
    @app.errorhandler(ObjectDeletedError)
    @app.errorhandler(StaleDataError)
    def gone_meanwhile(error: Exception):
        # another request deleted what this one was changing (an import undone while one of
        # its listings was saved): the other's, not a bug, and nothing of this one was kept
        db.session.rollback()
        return _render(
            409,
            _l(
                "This was deleted or changed in another tab or by a colleague while you were "
                "saving, so nothing was saved. Go back, reload the page and check it."
            ),
        )

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        log.exception("unhandled error", exc_info=error)
        return _render(InternalServerError.code)
