"""Form pieces shared by every feature.

Every number a form reads goes through one of the fields below (a test walks every form class
and refuses WTForms' own DecimalField, IntegerField and FloatField): they read numbers as
people type them (``numbers.read_typed_decimal``: ¥39.90, 20,000, 2万, full-width digits),
refuse NaN and infinity in any spelling, and hold each value within bounds that
the database column can store, with a message next to the field in the form's own words.

A refused form keeps everything: views render the refused form object itself again (never a
redirect, never a fresh form), so every typed value comes back, and ``CheckedForm`` finds
every problem in one round, the checks that need several fields or the database included.
"""

import calendar
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from uuid import uuid4

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField as UploadOnlyFileField
from flask_wtf.file import MultipleFileField as UploadOnlyMultipleFileField
from wtforms import DateField, DecimalField, HiddenField, IntegerField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from .numbers import (
    DB_INT_MAX,
    FULL_WIDTH,
    as_typed,
    impossible_day,
    parse_decimal,
    read_typed_date,
    read_typed_decimal,
    read_typed_int,
)

KEY = re.compile(r"[0-9a-f]{32}")


def _key_or_none(value):
    """A key this portal rendered, or none (an old page, a hand-made post: saved as sent)."""
    return value if isinstance(value, str) and KEY.fullmatch(value) else None


def form_key_field():
    """A key per render of a form, kept when a refused form is shown again: the same key
    twice is a double submit, which a unique index turns into one row."""
    return HiddenField(default=lambda: uuid4().hex, filters=[_key_or_none])


def strip_text(value):
    return value.strip() if isinstance(value, str) else value


# Marks that change how the text around them is shown, never what it says: U+202E turns
# "gnp.pdf" into "fdp.png" on a reviewer's screen, and a name is shown in many lists.
_DIRECTION_MARKS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x61C]
)
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]+")


def one_line(value):
    """A one-line name as it is shown everywhere else: line breaks, tabs and other control
    characters pasted with it become one space (a name copied from a spreadsheet cell ends
    in a line break), direction marks are dropped, and the ends are trimmed."""
    if not isinstance(value, str):
        return value
    return _CONTROLS.sub(" ", value.translate(_DIRECTION_MARKS)).strip()


def normalise_email(value):
    return value.strip().lower() if isinstance(value, str) else value


def clean_file_name(name: str | None) -> str:
    """A file name as people can read it and every column can store: no control characters
    (NUL failed PostgreSQL's insert, a 500; CR and LF), no invisible format characters (U+202E
    shows "gnp.pdf" as "fdp.png"), no folders, at most 200 characters, the extension kept (a
    500-character name cut at 200 lost its ".pdf" and was refused as not a PDF)."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if not unicodedata.category(c).startswith("C")).strip()
    stem, dot, extension = name.rpartition(".")
    if len(name) > 200 and dot and len(extension) <= 10:
        return stem[: 199 - len(extension)].strip() + "." + extension
    return name[:200]


class FileField(UploadOnlyFileField):
    """A file input whose data is an uploaded file or None: WTForms' own FileField also takes a
    plain text field of the same name, and ``data.filename`` then fails. The file's name is
    cleaned (``clean_file_name``) before any view, import or upload record sees it."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and self.data.filename:
            self.data.filename = clean_file_name(self.data.filename) or "upload"


class MultipleFileField(UploadOnlyMultipleFileField):
    """Several files chosen at once: only uploaded files, each name cleaned as FileField's."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = [f for f in self.data or [] if getattr(f, "filename", None)]
        for upload in self.data:
            upload.filename = clean_file_name(upload.filename) or "upload"


class EmptyForm(FlaskForm):
    """For button-only POSTs (log out, deactivate): carries the CSRF token and nothing else."""


class CheckboxList(SelectMultipleField):
    """A multiple choice shown as checkboxes (review reasons, a promotion's categories)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def process_formdata(self, valuelist):
        # a box sent twice is one choice (stored twice, merchants read "服饰内衣、服饰内衣")
        super().process_formdata(list(dict.fromkeys(valuelist)))


def slip(text, maximum) -> str | None:
    """What to type instead, for a way of writing a number the fields do not take: a
    percentage (2%), which would be read a hundred times too large or small. None for
    anything else."""
    text = (as_typed(str(text)) or "").strip()
    percent = parse_decimal(text[:-1]) if text.endswith("%") else None
    if percent is None:
        return None
    if maximum <= 1:
        return _(
            "Write a rate as a number from 0 to 1: %(typed)s is %(rate)s.",
            typed=text, rate=f"{percent / 100:f}",
        )  # fmt: skip
    return _("Write %(number)s without the %% sign.", number=f"{percent:f}")


def blank(valuelist) -> bool:
    """Nothing typed: no value, or only spaces (full-width ones too). The field then holds no
    raw value either, so InputRequired says what to enter instead of passing a space along to
    a view that needs a number (a 500 found by the attack pass)."""
    return not valuelist or not str(valuelist[0]).translate(FULL_WIDTH).strip()


def without_percent(valuelist, percent: bool):
    """What was typed, with the % sign dropped where the field's unit is per cent: someone
    asked for "(%)" types "5%" as often as "5" (the full-width sign too)."""
    if not percent or not valuelist:
        return valuelist
    typed = (as_typed(str(valuelist[0])) or "").strip()
    return [typed[:-1]] if typed.endswith("%") else valuelist


def rate_from_percent(text) -> Decimal | None:
    """A rate between 0 and 1 typed as a percentage: "3%" is 0.03, full-width too, (a conversion
    rate is quoted that way on every Chinese back office). None for anything else."""
    typed = (as_typed(str(text)) or "").strip()
    percent = parse_decimal(typed[:-1]) if typed.endswith("%") else None
    return None if percent is None else percent / 100


def _plain(value) -> str:
    """A bound as people write it: 1,000,000 and 0.01, not 1E+6."""
    value = Decimal(str(value))
    return f"{value:,f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:,f}"


class FiniteDecimalField(DecimalField):
    """A decimal between ``minimum`` and ``maximum`` (both required: a column has a size),
    rounded to ``places`` as the column stores it. ``message`` is said when it is out of range,
    ``number_message`` when it is not a number at all."""

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        minimum,
        maximum,
        places: int = 2,
        message: str | None = None,
        number_message: str | None = None,
        percent: bool = False,
        **kwargs,
    ):
        super().__init__(label, validators, places=places, rounding=ROUND_HALF_UP, **kwargs)
        self.minimum, self.maximum = Decimal(str(minimum)), Decimal(str(maximum))
        self.percent = percent
        self.range_message = message or _l(
            "Enter a number from %(min)s to %(max)s.", min=_plain(minimum), max=_plain(maximum)
        )
        self.number_message = number_message or _l("Enter a number, like 12.50.")

    def convert(self, number: Decimal):
        return number

    def places_message(self) -> str:
        if self.places == 0:
            return str(_l("Enter a whole number, like 12."))
        return str(_l("Use at most %(places)s decimal places.", places=self.places))

    def process_formdata(self, valuelist):
        if blank(valuelist):
            self.data, self.raw_data = None, []
            return
        valuelist = without_percent(valuelist, self.percent)
        number = read_typed_decimal(valuelist[0])
        if number is None and self.maximum <= 1:
            number = rate_from_percent(valuelist[0])
        if number is None:
            self.data = None
            raise ValueError(slip(valuelist[0], self.maximum) or self.number_message)
        if not self.minimum <= number <= self.maximum:
            self.data = None
            raise ValueError(self.range_message)
        if self.places is not None:
            kept = number.quantize(Decimal(1).scaleb(-self.places), rounding=self.rounding)
            if kept != number:  # 128.005 is not 128.00 nor 128.01: the merchant says which
                self.data = None
                raise ValueError(self.places_message())
            number = kept
        self.data = self.convert(number)

    def _value(self):
        # A value stored before these checks (infinity, NaN, too many digits) is shown as it is
        # rather than failing the page that would let someone correct it.
        try:
            return super()._value()
        except (InvalidOperation, ValueError, OverflowError, TypeError):
            return str(self.data)


class FiniteFloatField(FiniteDecimalField):
    """As FiniteDecimalField, for float columns (rates between 0 and 1)."""

    def __init__(self, label=None, validators=None, *, places: int | None = None, **kwargs):
        super().__init__(label, validators, places=places, **kwargs)

    def convert(self, number: Decimal):
        return float(number)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else f"{self.data:g}"


class BoundedIntegerField(IntegerField):
    """A whole number between ``minimum`` and ``maximum``; by default what a PostgreSQL
    ``integer`` column holds, so no typed number can overflow the database."""

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        minimum: int = -DB_INT_MAX,
        maximum: int = DB_INT_MAX,
        message: str | None = None,
        number_message: str | None = None,
        percent: bool = False,
        **kwargs,
    ):
        super().__init__(label, validators, **kwargs)
        self.minimum, self.maximum = minimum, maximum
        self.percent = percent
        low, high = f"{minimum:,}", f"{maximum:,}"
        self.range_message = message or _l(
            "Enter a whole number from %(min)s to %(max)s.", min=low, max=high
        )
        self.number_message = number_message or _l("Enter a whole number, like 12.")

    def process_formdata(self, valuelist):
        if blank(valuelist):
            self.data, self.raw_data = None, []
            return
        valuelist = without_percent(valuelist, self.percent)
        if read_typed_int(valuelist[0], -(10**1000), 10**1000) is None:
            self.data = None
            raise ValueError(slip(valuelist[0], self.maximum) or self.number_message)
        number = read_typed_int(valuelist[0], self.minimum, self.maximum)
        if number is None:
            self.data = None
            raise ValueError(self.range_message)
        self.data = number


class TypedDateField(DateField):
    """A date as people type it: 2026-11-01, 2026/11/01 or 2026年11月1日 (``read_typed_date``);
    anything else is refused with the form to use, in the reader's language."""

    def __init__(self, label=None, validators=None, *, message: str | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.date_message = message or _l("Enter a date like 2026-11-01.")

    def process_formdata(self, valuelist):
        if blank(valuelist):
            self.data, self.raw_data = None, []
            return
        typed = " ".join(valuelist)
        self.data = read_typed_date(typed)
        if self.data is None:
            raise ValueError(no_such_day(typed) or self.date_message)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.isoformat() if self.data else ""


def no_such_day(typed: str) -> str | None:
    """The calendar's reason when a date is written right but does not exist (2026-11-31):
    "use the format 2026-11-01" would send the reader looking for a mistake that is not there."""
    parts = impossible_day(typed)
    if parts is None:
        return None
    year, month, _day = parts
    if not 1 <= month <= 12:
        return _("There is no month %(month)s: a year has 12 months.", month=month)
    if year < 1:
        return _("There is no year 0; check the year.")
    days = calendar.monthrange(year, month)[1]
    return _(
        "There is no day %(date)s: that month has %(days)s days.",
        date=typed.strip(),
        days=days,
    )


def add_problems(form, problems: dict[str, list[str]]) -> None:
    """Puts each message next to its field, or among the form's own errors when no field has
    that name. A field that already failed its own check keeps only that message: a problem
    found on a value the field could not read would only repeat it in other words."""
    for name, messages in problems.items():
        target = getattr(form, name, None)
        if target is None or not hasattr(target, "errors"):
            form.form_errors.extend(m for m in messages if m not in form.form_errors)
            continue
        if target.errors:
            continue
        target.errors = list(messages)


class CheckedForm(FlaskForm):
    """A form that shows every problem at once: the fields' own checks, then ``problems()``
    (checks across fields, against the database or the optimizer), run even when some field
    failed, so fixing the first round never reveals a second."""

    def problems(self) -> dict[str, list[str]]:
        """{field name: [message]} for what the fields cannot check alone; override."""
        return {}

    def validate(self, extra_validators=None) -> bool:
        fields_ok = super().validate(extra_validators)
        found = {name: messages for name, messages in self.problems().items() if messages}
        add_problems(self, found)
        return fields_ok and not found and not self.form_errors
