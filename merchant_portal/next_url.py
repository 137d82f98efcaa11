"""Where a form may send its visitor back to: one rule for log-in and the language switch."""

from urllib.parse import unquote, urlsplit


def same_site_path(target: object) -> str | None:
    """``target`` if it is a path on this site, else None (the caller goes to its default).

    Browsers drop tabs and line breaks from a Location, so "/\\t/evil.example" arrives as
    "//evil.example", another site; a CR or LF in a header is refused by the server itself
    (a 500). Either kind of character, and a backslash (read as "/" by browsers), makes the
    target unusable rather than something to repair.
    """
    if not isinstance(target, str) or not target:
        return None
    if any(ord(c) < 32 or ord(c) == 127 or c == "\\" for c in target + unquote(target)):
        return None  # encoded as well: a page that decodes its path once must not meet them
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
