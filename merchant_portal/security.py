"""Response headers that keep browsers strict: no inline script or style, no framing."""

import json
from urllib.parse import urlsplit

from flask import Flask, Request, Response, abort, current_app, request
from flask.json.provider import DefaultJSONProvider

from .numbers import NumberSafeMultiDict

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def add_security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


TAKES_JSON = "takes_json"


def takes_json(view):
    """Marks a view that reads a JSON body (an API endpoint); others refuse one with 415."""
    setattr(view, TAKES_JSON, True)
    return view


class PortalRequest(Request):
    """The app's request class (``create_app`` sets it): ``get(…, type=int)`` reads through
    parse_int, and a JSON body is JSON only to a view that takes one. Flask-WTF builds a
    form from any JSON body (``[1]`` and ``{"email": 5}`` answered 500 on every form page,
    the error page's own log-out form included), so to every other view it is no body."""

    parameter_storage_class = NumberSafeMultiDict

    @property
    def sent_json(self) -> bool:
        return Request.is_json.fget(self)

    @property
    def is_json(self) -> bool:
        view = current_app.view_functions.get(self.endpoint or "")
        return self.sent_json and getattr(view, TAKES_JSON, False)


def register_input_guard(app: Flask) -> None:
    """A NUL character in any text a request carries answers 400, for every route.

    No person types one, and PostgreSQL refuses it in text (the driver raises), so it would
    otherwise reach an error page from whichever query first used the value. Uploaded files
    are not text here and are left to their own checks.
    """

    @app.before_request
    def refuse_json_where_a_form_is_expected():
        """Pages take forms (htmx sends them form-encoded too); only views marked with
        ``takes_json`` (the API) read a JSON body."""
        view = app.view_functions.get(request.endpoint or "")
        if getattr(request, "sent_json", False) and not getattr(view, TAKES_JSON, False):
            abort(415)

    @app.before_request
    def refuse_nul_characters():
        texts = [request.view_args or {}, request.args.to_dict(flat=False)]
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            texts.append(request.form.to_dict(flat=False))
            if request.is_json:
                texts.append(request.get_json(silent=True))
        if any(_has_nul(text) for text in texts):
            abort(400)


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


class StrictJSONProvider(DefaultJSONProvider):
    """Request bodies read as JSON only: NaN and Infinity (which Python's reader takes) are
    refused, and a body nested too deep for the reader is not JSON either, so
    ``get_json(silent=True)`` gives None and ``get_json()`` answers 400, never a 500."""

    def loads(self, s, **kwargs):
        kwargs.setdefault("parse_constant", _no_constant)
        try:
            return json.loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


class PublicAddress:
    """WSGI middleware: every request is taken to have come to PUBLIC_URL, whatever its Host
    header says. Links the portal mails or stores (password reset, sign-up, set-password, the
    notices of background jobs) are built from the request's host, so a reset requested with
    ``Host: evil.example`` mailed the victim a link that handed its token to that host."""

    def __init__(self, wsgi_app, public_url: str) -> None:
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise RuntimeError(
                f"PUBLIC_URL must be like https://portal.example.com, not {public_url!r}"
            )
        self.wsgi_app, self.scheme, self.host = wsgi_app, parts.scheme, parts.netloc

    def __call__(self, environ, start_response):
        environ["HTTP_HOST"], environ["wsgi.url_scheme"] = self.host, self.scheme
        environ.pop("HTTP_X_FORWARDED_HOST", None)
        return self.wsgi_app(environ, start_response)


def register_public_address(app: Flask) -> None:
    if app.config.get("PUBLIC_URL"):
        app.wsgi_app = PublicAddress(app.wsgi_app, app.config["PUBLIC_URL"])
    elif app.config.get("ENV_NAME") == "production":
        raise RuntimeError(
            "PUBLIC_URL is not set. Set it to the address people open the portal at, "
            "e.g. https://portal.example.com: mailed links are built from it, not from the "
            "Host header a request claims."
        )
