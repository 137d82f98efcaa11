"""A channel is a code an admin types on a placement ("search", "display"); the usual ones are
named in the reader's language, any other shows as typed."""

from ..i18n import _l
from . import bp

KNOWN = {
    "search": _l("search"),
    "display": _l("display"),
    "feed": _l("feed"),
    "video": _l("video"),
    "live": _l("live streaming"),
    "social": _l("social"),
    "recommendation": _l("recommendation"),
}


@bp.app_template_filter("channel_name")
def channel_name(code: str) -> str:
    return str(KNOWN.get(code, code))
