"""Bulk import: every row is checked with the editor's own form first; one bad row, no import."""

import io
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from ...csv_files import ImportRejected, RowProblem, csv_writer, read_rows
from ..catalog import attributes_for, category_label
from .forms import ATTRIBUTE_MAX, ProductForm

COLUMNS = ("title", "description", "category", "price", "stock", "attributes")
REQUIRED = ("title", "category", "price", "stock")
MAX_ROWS = 2000
TEMPLATE_ROWS = [
    (
        "Cast iron skillet 26 cm, pre-seasoned",
        "Pre-seasoned cast iron, ready to cook. 26 cm across, 5 cm deep, oven safe to 260 °C.",
        "Home & Kitchen",
        "34.90",
        "40",
        "material=cast iron; dimensions=26 x 5 cm; colour=black",
    ),
    (
        "Linen apron with two front pockets",
        "Stonewashed linen apron with adjustable neck strap and two deep pockets.",
        "Home & Kitchen",
        "24.00",
        "25",
        "material=linen; dimensions=70 x 85 cm; colour=sage",
    ),
]


@dataclass(frozen=True)
class ParsedRow:
    values: dict
    attributes: dict


def template_csv() -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(TEMPLATE_ROWS)
    return out.getvalue()


def parse_attributes(text: str, category: str) -> tuple[dict, str | None]:
    allowed = attributes_for(category)
    values = {}
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        name, sep, value = part.partition("=")
        name = name.strip().lower()
        if not sep:
            return {}, _("write attributes as name=value; name=value (got “%(part)s”)", part=part)
        if name not in allowed:
            return {}, _(
                "“%(name)s” is not an attribute of %(category)s (%(known)s)",
                name=name,
                category=category_label(category) if category else _("this category"),
                known=", ".join(allowed) or _("none"),
            )
        if len(value.strip()) > ATTRIBUTE_MAX:
            return {}, _(
                "“%(name)s” has more than %(max)s characters", name=name, max=ATTRIBUTE_MAX
            )
        values[name] = value.strip()
    return values, None


# a missing cell, in the words the product form uses for that field
REQUIRED_MESSAGES = {"price": _l("Enter the price."), "stock": _l("Enter the stock.")}


def parse_csv(raw: bytes, checked: Callable[[int], None] | None = None) -> list[ParsedRow]:
    """Every row checked; ``checked(rows so far)`` is called every 100 rows (a job's progress)."""
    rows, problems = [], []
    for number, record in read_rows(raw, REQUIRED, COLUMNS):
        if number - 1 > MAX_ROWS:
            raise ImportRejected(
                [RowProblem(number, "file", _("at most %(max)s products per file", max=MAX_ROWS))]
            )
        form = ProductForm(formdata=MultiDict(record), meta={"csrf": False})
        form.validate()
        for column in REQUIRED[2:]:  # in a file, price and stock must be there
            if not record.get(column) and column not in form.errors:
                form.errors.setdefault(column, []).append(
                    REQUIRED_MESSAGES.get(column, _("Enter the %(column)s.", column=column))
                )
        for column, messages in form.errors.items():
            problems.append(RowProblem(number, column, " ".join(map(str, messages))))
        if not record.get("category"):
            problems.append(RowProblem(number, "category", _("Choose a category.")))
        attributes, problem = parse_attributes(
            record.get("attributes", ""), record.get("category", "")
        )
        if problem:
            problems.append(RowProblem(number, "attributes", problem))
        rows.append(ParsedRow({name: getattr(form, name).data for name in COLUMNS[:5]}, attributes))
        if checked and (number - 1) % 100 == 0:  # rows so far, the header not counted
            checked(number - 1)
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise ImportRejected(
            [RowProblem(2, "file", _("the file has no products under the header"))]
        )
    return rows
