"""Whether a request came from htmx, which wants a fragment rather than the whole page."""

from flask import request


def is_htmx() -> bool:
    return bool(request.headers.get("HX-Request"))
