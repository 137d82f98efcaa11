"""An attribute value as a merchant types it, read by the attribute's kind: a number in its
unit ("15厘米" for cm), one option or several, in either language. The same reading for the
editor and for files, so one says exactly what the other accepts."""

import re

from flask_babel import gettext as _

from ...numbers import read_typed_decimal
from .tree import Attribute, fold, split_many

VALUE_MAX = 200
# the units a merchant writes for the unit an attribute is kept in
UNIT_WORDS = {
    "cm": ("cm", "厘米", "公分"),
    "mm": ("mm", "毫米"),
    "m": ("m", "米"),
    "ml": ("ml", "毫升"),
    "l": ("l", "升"),
    "g": ("g", "克"),
    "kg": ("kg", "千克", "公斤"),
    "w": ("w", "瓦"),
}


def _without_unit(text: str, unit: str) -> str:
    plain = text.strip()
    for word in sorted({unit, *UNIT_WORDS.get(fold(unit), ())}, key=len, reverse=True):
        if word and fold(plain).endswith(fold(word)):
            return re.sub(rf"\s*{re.escape(word)}\s*$", "", plain, flags=re.IGNORECASE)
    return plain


def read_value(spec: Attribute, text: str) -> tuple[str, str | None]:
    """(the value as stored, a problem in the reader's language or None)."""
    text = (text or "").strip()
    if not text:
        if spec.required:
            return "", _("Fill in %(name)s.", name=spec.label)
        return "", None
    if len(text) > VALUE_MAX:
        return text, _("At most %(max)s characters.", max=VALUE_MAX)
    if spec.kind == "number":
        number = read_typed_decimal(_without_unit(text, spec.unit))
        if number is None or number < 0:
            return text, _(
                "Enter a number%(unit)s, like 15.",
                unit=_(" in %(unit)s", unit=spec.unit) if spec.unit else "",
            )
        return format(number.normalize(), "f"), None
    if spec.kind == "one":
        option = spec.option_for(text)
        if option is None:
            return text, _("Choose one of: %(options)s.", options=_options(spec))
        return option.zh, None
    if spec.kind == "many":
        chosen, unknown = [], []
        for part in split_many(text):
            option = spec.option_for(part)
            if option is None:
                unknown.append(part)
            elif option.zh not in chosen:
                chosen.append(option.zh)
        if unknown:
            return text, _(
                "“%(value)s” is not an option; choose from: %(options)s.",
                value="、".join(unknown),
                options=_options(spec),
            )
        return "、".join(chosen), None
    return text, None


def _options(spec: Attribute) -> str:
    return _(", ").join(option.label for option in spec.options)


def read_values(specs: list[Attribute], typed: dict[str, str]) -> tuple[dict, dict]:
    """({code: value} for every attribute of the leaf, {code: problem}): every problem at
    once. Values of attributes the leaf does not have are kept as typed."""
    values, problems = {}, {}
    for spec in specs:
        value, problem = read_value(spec, typed.get(spec.code, ""))
        if value or spec.code in typed:
            values[spec.code] = value
        if problem:
            problems[spec.code] = problem
    for code, value in typed.items():
        if code not in values and value:
            values[code] = value
    return values, problems
