"""The one way the portal reads a number a person or a URL typed.

Python's own readers are too lenient for input: ``int()`` takes Arabic-Indic digits and
underscores, ``Decimal()`` takes NaN and Infinity, and ``str.isdigit()`` says yes to "²", which
``int()`` then refuses. Anything larger than a database column holds fails inside the database
driver, long after validation. Here a number is ASCII digits, finite, and within bounds; anything
else is "not a number", never an exception further down.
"""

import re
from decimal import Decimal, InvalidOperation

from flask import abort, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

# PostgreSQL's ``integer``, the type of every id and plain int column; SQLite holds more.
DB_INT_MAX = 2**31 - 1
DB_BIGINT_MAX = 2**63 - 1

_INTEGER = re.compile(r"[+-]?[0-9]{1,1000}", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,1000}(?:\.[0-9]{0,1000})?|\.[0-9]{1,1000})", re.ASCII)


def parse_int(text: object, minimum: int = -DB_INT_MAX, maximum: int = DB_INT_MAX) -> int | None:
    """``text`` as an int within [minimum, maximum], or None if it is anything else."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        value = text
    elif isinstance(text, str) and _INTEGER.fullmatch(text.strip()):
        value = int(text.strip())
    else:
        return None
    return value if minimum <= value <= maximum else None


def parse_decimal(text: object) -> Decimal | None:
    """``text`` as a finite Decimal in plain notation (no NaN, no exponent), else None."""
    if not isinstance(text, str) or not _DECIMAL.fullmatch(text.strip()):
        return None
    try:
        return Decimal(text.strip())
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None


def int_arg(
    name: str,
    default: int | None = None,
    *,
    minimum: int = 0,
    maximum: int = DB_INT_MAX,
    source=None,
    status: int = 400,
) -> int | None:
    """An int from the query string (or ``source``, e.g. ``request.form``): ``default`` when
    absent or empty, ``status`` (400, or 404 for ids and pages) when it is not a number in range."""
    values = request.args if source is None else source
    text = values.get(name)
    if text is None or not text.strip():
        return default
    value = parse_int(text, minimum, maximum)
    if value is None:
        abort(status)
    return value


def id_arg(name: str, source=None) -> int | None:
    """An object id from the query string or a form: absent → None, not an id → 404."""
    return int_arg(name, None, minimum=1, source=source, status=404)


class DatabaseIntConverter(IntegerConverter):
    """``<int:…>`` in every route: ASCII digits that fit the database's integer, else 404.

    Werkzeug's own converter matches ``\\d``, which in Python includes every script's digits,
    and has no upper bound, so an id past 2^31-1 reached the database driver and failed there.
    """

    regex = r"[0-9]+"

    def __init__(self, map, fixed_digits=0, min=None, max=DB_INT_MAX, signed=False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _integer(text: str) -> int:
    value = parse_int(text)
    if value is None:
        raise ValueError("not a whole number an integer column holds")
    return value


class NumberSafeMultiDict(ImmutableMultiDict):
    """``request.args`` and ``request.form``: ``get(key, type=int)`` reads through
    ``parse_int``, so "²", "١٢" and numbers past the database's integer give the default, as
    any other text that is not a number does, instead of failing in ``int()`` or the driver."""

    def get(self, key, default=None, type=None):
        return super().get(key, default, _integer if type is int else type)

    def getlist(self, key, type=None):
        return super().getlist(key, _integer if type is int else type)
