"""Response headers that keep browsers strict: no inline script or style, no framing."""

from flask import Flask, Response, abort, request

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


def register_input_guard(app: Flask) -> None:
    """A NUL character in any text a request carries answers 400, for every route.

    No person types one, and PostgreSQL refuses it in text (the driver raises), so it would
    otherwise reach an error page from whichever query first used the value. Uploaded files
    are not text here and are left to their own checks.
    """

    @app.before_request
    def refuse_nul_characters():
        texts = [request.view_args or {}, request.args.to_dict(flat=False)]
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            texts.append(request.form.to_dict(flat=False))
            if request.is_json:
                texts.append(request.get_json(silent=True))
        if any(_has_nul(text) for text in texts):
            abort(400)
