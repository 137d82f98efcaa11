"""A product file read: every row checked with the editor's own form; one bad row, no import.

Columns are found by their headers in either language (file_names); a column named after an
attribute (材质) fills that attribute. Problems name the row as the spreadsheet numbers it
and the column as the file's own header says it.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from ...csv_files import ImportRejected, RowProblem, shown_cell, spreadsheet_text
from ...numbers import DB_INT_MAX, parse_int
from ...tables import read_table
from ..catalog import attribute_specs
from ..categories.values import read_values
from .file_names import (
    COLUMNS,
    REQUIRED,
    attribute_code,
    attribute_label_here,
    attributes_said,
    category_label_here,
    column_code,
    column_label,
    find_category,
)
from .file_skus import gather_skus
from .forms import ATTRIBUTE_MAX, ProductForm
from .held_state import is_export_mark
from .sku_grid import CODE_MAX, merchant_code

MAX_ROWS = 2000
PAIRS = re.compile(r"[;；\n]")  # noqa: RUF001
EQUALS = re.compile(r"[=＝:：]")  # noqa: RUF001  (full-width, as a Chinese input method types)
REQUIRED_MESSAGES = {"price": _l("Enter the price."), "stock": _l("Enter the stock.")}


@dataclass(frozen=True)
class ParsedRow:
    values: dict
    attributes: dict
    number: int = 0  # the row as the spreadsheet numbers it (the first, for a listing's SKUs)
    code: str = ""  # the merchant code (商家编码) written on the row
    skus: tuple = ()  # SkuLines, in grid order, when the rows were a listing's SKUs
    sku_rows: tuple = ()  # the row of each SKU
    listing: int | None = None  # the listing ID (商品ID) the export wrote: a listing to change
    mark: str = ""  # the export's mark of the listing as it wrote it (held_state.export_mark)


@dataclass(frozen=True)
class Header:
    columns: dict[int, str]  # cell position: column code
    attributes: dict[int, str]  # cell position: attribute code
    written: dict[str, str]  # code: the header as the file writes it


def read_header(cells: list[str]) -> Header:
    columns, attributes, written, problems = {}, {}, {}, []
    seen: dict[str, str] = {}
    for position, cell in enumerate(cells):
        header = (cell or "").strip()
        if not header:
            continue
        code = column_code(header)
        attribute = None if code else attribute_code(header)
        key = code or (f"attr:{attribute}" if attribute else None)
        if key is None:
            problems.append(
                RowProblem(
                    1,
                    header,
                    _(
                        "unknown column; use %(columns)s, or an attribute's name",
                        columns=_(", ").join(column_label(c) for c in COLUMNS),
                    ),
                )
            )
            continue
        if key in seen:  # 标题 and title both: one would silently win
            problems.append(
                RowProblem(1, header, _("this column appears more than once; keep one"))
            )
            continue
        seen[key] = header
        if code:
            columns[position], written[code] = code, header
        else:
            attributes[position], written[key] = attribute, header
    problems += [
        RowProblem(1, column_label(code), _("this column is required"))
        for code in REQUIRED
        if code not in written
    ]
    if problems:
        raise ImportRejected(problems)
    return Header(columns, attributes, written)


def _unknown(typed: str, nearest: list[str]) -> str:
    typed = shown_cell(typed)
    if nearest:
        return _(
            "“%(typed)s” is not a category you can list in; did you mean %(nearest)s? Write "
            "the full path, like the second sheet of the template.",
            typed=typed,
            nearest=_(" or ").join(f"“{path}”" for path in nearest),
        )
    return _(
        "“%(typed)s” is not a category; write its path as the second sheet of the template "
        "lists it.",
        typed=typed,
    )


def problem_in(problems: list[RowProblem], row: int, column: str | None) -> bool:
    return any(p.row == row and p.column == column for p in problems)


def parse_attributes(text: str, category: str) -> tuple[dict, str | None]:
    """``材质=陶瓷; 颜色=白`` or ``material=ceramic; colour=white``: {code: value}."""
    values = {}
    for part in filter(None, (p.strip() for p in PAIRS.split(text or ""))):
        pieces = EQUALS.split(part, maxsplit=1)
        if len(pieces) != 2:
            return {}, _(
                "write attributes as name=value; name=value (got “%(part)s”)",
                part=shown_cell(part),
            )
        problem = _attribute(pieces[0], pieces[1], category, values)
        if problem:
            return {}, problem
    return values, None


def _attribute(name: str, value: str, category: str, values: dict) -> str | None:
    code = attribute_code(name, category or None) if category else None
    if code is None:
        return _(
            "“%(name)s” is not an attribute of %(category)s (%(known)s)",
            name=shown_cell(name),
            category=category_label_here(category) if category else _("this category"),
            known=attributes_said(category),
        )
    if len(value.strip()) > ATTRIBUTE_MAX:
        return _(
            "“%(name)s” has more than %(max)s characters",
            name=attribute_label_here(code),
            max=ATTRIBUTE_MAX,
        )
    if value.strip():
        values[code] = value.strip()
    return None


def _row(number: int, cells: list[str], header: Header) -> tuple[ParsedRow, list[RowProblem]]:
    record = {code: "" for code in COLUMNS}
    for position, code in header.columns.items():
        # "'=…" was escaped so that a spreadsheet shows the text instead of running it
        record[code] = spreadsheet_text(cells[position].strip() if position < len(cells) else "")
    said = header.written
    problems = []
    typed_category = record["category"]
    category, nearest = find_category(typed_category) if typed_category else (None, [])
    if not typed_category:
        problems.append(RowProblem(number, said["category"], _("Choose a category.")))
    elif category is None:
        problems.append(RowProblem(number, said["category"], _unknown(typed_category, nearest)))
    form = ProductForm(
        formdata=MultiDict({**record, "category": category or ""}), meta={"csrf": False}
    )
    form.validate()
    errors = dict(form.errors)  # a fresh dict each time it is read: kept here
    for column in ("price", "stock"):  # in a file, price and stock must be there
        if not record[column] and column not in errors:
            errors[column] = [REQUIRED_MESSAGES[column]]
    for column, messages in errors.items():
        if column != "category":  # said above, in the file's words
            problems.append(
                RowProblem(number, said.get(column, column), " ".join(map(str, messages)))
            )
    attributes, problem = parse_attributes(record["attributes"], category or "")
    if problem and category:  # against an unknown category every attribute read as unknown
        problems.append(
            RowProblem(number, said.get("attributes", column_label("attributes")), problem)
        )
    columns_of = {}
    for position, code in header.attributes.items():
        value = cells[position] if position < len(cells) else ""
        written = said[f"attr:{code}"]
        problem = _attribute(written, value, category or "", attributes)
        if problem and value.strip() and category:
            problems.append(RowProblem(number, written, problem))
        columns_of[attribute_code(written, category) or code] = written
    if category and not problem_in(problems, number, said.get("attributes")):
        read, typed_problems = read_values(attribute_specs(category), attributes)
        attributes = read
        for code, message in typed_problems.items():
            column = columns_of.get(code) or said.get("attributes", column_label("attributes"))
            problems.append(
                RowProblem(
                    number,
                    column,
                    _(
                        "%(field)s: %(problem)s",
                        field=attribute_label_here(code, category),
                        problem=message,
                    ),
                )
            )
    values = {name: getattr(form, name).data for name in COLUMNS[:5]}
    code = merchant_code(record["merchant_code"])  # as the editor keeps it
    if len(code) > CODE_MAX:
        problems.append(
            RowProblem(
                number, said["merchant_code"], _("At most %(max)s characters.", max=CODE_MAX)
            )
        )
    listing = _listing_id(record["listing_id"])
    if listing == 0:
        problems.append(RowProblem(number, said["listing_id"], _(
            "write the listing ID as the export wrote it (a number), or leave it empty for a "
            "new listing")))  # fmt: skip
    mark = unicodedata.normalize("NFKC", record["exported_as"]).strip()
    if mark and not is_export_mark(mark):
        problems.append(RowProblem(number, said["exported_as"], _(
            "this is not an export version the export writes: write it back as the export "
            "wrote it (as on the listing's other rows), or empty it on each of the listing's "
            "rows")))  # fmt: skip
    return ParsedRow(values, attributes, number, code, listing=listing or None, mark=mark), problems


def _listing_id(cell: str) -> int | None:
    """None for an empty cell, 0 for one that is no ID (written as the export writes it, or
    as Excel turns a whole number into "12.0")."""
    text = unicodedata.normalize("NFKC", cell or "").strip()
    if not text:
        return None
    text = text[:-2] if text.endswith(".0") else text
    # ASCII digits only (፩ is a digit to str.isdigit, not to int), within the ID column
    if text.startswith("+"):
        return 0
    return parse_int(text, 1, DB_INT_MAX) or 0


def too_many_rows(rows: int) -> RowProblem:
    return RowProblem(
        0,
        _("file"),
        _(
            "the file has more than %(max)s products (%(rows)s rows or more): split it into "
            "files of %(max)s rows or fewer",
            max=format_decimal(MAX_ROWS),
            rows=format_decimal(rows),
        ),
    )


def parse_product_file(raw: bytes, checked: Callable[[int], None] | None = None) -> list[ParsedRow]:
    """Every row of an .xlsx or CSV checked; ``checked(rows so far)`` every 100 rows."""
    rows, problems, header = [], [], None
    for number, cells in read_table(raw, MAX_ROWS):
        if header is None:
            header = read_header(cells)
            width = max([*header.columns, *header.attributes]) + 1
            continue
        if number - 1 > MAX_ROWS:
            raise ImportRejected([too_many_rows(number - 1)])
        if not any((cell or "").strip() for cell in cells):
            continue
        extra = [cell for cell in cells[width:] if (cell or "").strip()]
        if extra:  # a comma inside a cell, unquoted: the rest of the cell would be dropped
            raise ImportRejected(
                [
                    RowProblem(
                        number,
                        _("file"),
                        _(
                            "this row has more cells than the header (“%(cell)s” and after): "
                            "put a cell that holds a comma in double quotes",
                            cell=shown_cell(extra[0]),
                        ),
                    )
                ]
            )
        row, found = _row(number, cells, header)
        rows.append(row)
        problems += found
        if checked and (number - 1) % 100 == 0:
            checked(number - 1)
    if header is None or (not rows and not problems):
        raise ImportRejected(
            [RowProblem(2, _("file"), _("the file has no products under the header"))]
        )
    # a SKU row whose category or attributes could not be read was also read as standing
    # alone (its code "names no SKU") and its listing as missing it: said once, as its own
    hiding = {said for code, said in header.written.items()
              if code in ("category", "attributes") or code.startswith("attr:")}  # fmt: skip
    unread = {problem.row for problem in problems if problem.column in hiding}
    rows, found = gather_skus(rows, header.written, unread)
    problems += found
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.row))
    return rows
