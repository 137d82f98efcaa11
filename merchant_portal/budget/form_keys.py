"""A key per render of a form that makes a plan: the same key posted twice (a double click,
the page sent again after the back button) is one plan, held unique by the database."""

import re
from uuid import uuid4

from . import bp

FORM_KEY = re.compile(r"[0-9a-f]{32}")


@bp.app_template_global()
def fresh_form_key() -> str:
    return uuid4().hex


def posted_form_key(value: str | None) -> str | None:
    """A key this portal rendered, or none (an old page, a hand-made post)."""
    value = (value or "").strip().lower()  # a key retyped in capitals is the same key
    return value if FORM_KEY.fullmatch(value) else None
