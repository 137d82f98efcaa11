# ruff: noqa: RUF002, RUF003  (full-width digits and ¥ are what people type)
"""The one way the portal reads a number a person or a URL typed.

Python's own readers are too lenient for input: ``int()`` takes Arabic-Indic digits and
underscores, ``Decimal()`` takes NaN and Infinity, and ``str.isdigit()`` says yes to "²", which
``int()`` then refuses. Anything larger than a database column holds fails inside the database
driver, long after validation. Here a number is ASCII digits, finite, and within bounds; anything
else is "not a number", never an exception further down.
"""

import re
from datetime import date, datetime
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


# --- Numbers and dates as people type them -----------------------------------------------
# Forms and files read what a merchant types, not what a URL carries: a price copied from a
# Taobao listing ("¥39.90", "39.9元"), a budget written as a spreadsheet shows it ("20,000")
# or as Chinese speaks it ("2万"), digits from a full-width input method (１２３). These are
# made plain here and then read by the same strict readers as everything else.

# A Chinese input method in full-width mode types digits from U+FF10 and the point as U+FF0E.
FULL_WIDTH = {0xFF10 + d: 0x30 + d for d in range(10)} | {
    0xFF0E: ".", 0xFF0C: ",", 0xFF0D: "-", 0xFF0B: "+", 0xFF05: "%", 0x3000: " ", 0xFF0F: "/",
    0x3001: ",",
}  # fmt: skip
# "?" before the digits is the ¥ of a file Excel saved as GBK (which has only ￥). No "\s*"
# before the suffix: over a run of spaces it was quadratic; what is left is stripped.
_CURRENCY = re.compile(r"^(?:[¥￥?？]|RMB|CNY)\s*|(?:元|RMB|CNY)$", re.IGNORECASE)  # noqa: RUF001
_GROUPED_TYPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?", re.ASCII)
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


def as_typed(text: object) -> str | None:
    """``text`` with full-width characters made half-width and the currency sign, the 元
    and the thousands separators gone, ready for the strict readers; None if not text."""
    if not isinstance(text, str):
        return None
    plain = text.translate(FULL_WIDTH).strip()
    plain = _CURRENCY.sub("", plain).strip()
    if _GROUPED_TYPED.fullmatch(plain):
        plain = plain.replace(",", "")
    return plain


def read_typed_decimal(text: object) -> Decimal | None:
    """A number as a merchant types it: "¥39.90", "￥39.90", "39.9元", "20,000", "2万",
    "1.5万", "１２３". None for anything else (NaN, exponents, "1,2,3", "3,00")."""
    if isinstance(text, Decimal | int) and not isinstance(text, bool):
        return parse_decimal(str(text))
    if isinstance(text, float):
        return parse_decimal(repr(text)) if text == text and abs(text) != float("inf") else None
    plain = as_typed(text)
    if not plain:
        return None
    multiplier = _MULTIPLIERS.get(plain[-1])
    if multiplier is not None:
        plain = _CURRENCY.sub("", plain[:-1].strip()).strip()  # "2万元" and "¥2万" alike
        if _GROUPED_TYPED.fullmatch(plain):
            plain = plain.replace(",", "")
    number = parse_decimal(plain)
    if number is None or multiplier is None:
        return number
    return number * multiplier if len(plain) <= 30 else None


# what a count is said in after its digits: 100件 in stock, 30单 orders, 500人 visitors
COUNT_WORDS = frozenset("件个套只双台箱包瓶盒袋条张把支份单人次")


def read_typed_int(text: object, minimum: int = -DB_INT_MAX, maximum: int = DB_INT_MAX):
    """A whole number as a merchant types it ("20,000", "2万", "１２", "100件"): an int within
    [minimum, maximum], else None. "1.5万" is 15000; "1.5" is not a whole number."""
    if isinstance(text, str):
        text = text.strip()
        if text[-1:] in COUNT_WORDS:
            text = text[:-1]
    number = read_typed_decimal(text)
    if number is None or number != number.to_integral_value():
        return None
    return parse_int(str(int(number)), minimum, maximum)


_DATE_FORMS = (
    re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", re.ASCII),
    re.compile(r"([0-9]{4})/([0-9]{1,2})/([0-9]{1,2})", re.ASCII),
    re.compile(r"([0-9]{4})\.([0-9]{1,2})\.([0-9]{1,2})", re.ASCII),
    re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]?", re.ASCII),
)


def read_typed_date(text: object) -> date | None:
    """A calendar date as people type it: 2026-11-01, 2026/11/01, 2026/11/1, 2026.11.01,
    2026年11月1日 (full-width digits too). None for anything else or a day that does not
    exist (2026-02-30)."""
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    if not isinstance(text, str):
        return None
    plain = text.translate(FULL_WIDTH).strip()
    for form in _DATE_FORMS:
        match = form.fullmatch(plain)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


def impossible_day(text: object) -> tuple[int, int, int] | None:
    """(year, month, day) when ``text`` is written as a date but no such day exists
    (2026-11-31, 2026-13-01): what to tell is then not the format but the calendar."""
    if not isinstance(text, str):
        return None
    plain = text.translate(FULL_WIDTH).strip()
    for form in _DATE_FORMS:
        match = form.fullmatch(plain)
        if match:
            parts = tuple(int(part) for part in match.groups())
            return None if read_typed_date(plain) else parts  # type: ignore[return-value]
    return None
