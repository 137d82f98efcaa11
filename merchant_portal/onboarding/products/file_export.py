# ruff: noqa: RUF001  (the Chinese example is written with Chinese punctuation)
"""Product files written for merchants: the import template and the export of their products,
in the reader's language, as .xlsx or as CSV with a BOM (so Excel opens the Chinese right).

The export is the import's format: importing it again changes nothing. Every text cell goes
through ``spreadsheet_safe`` so a title such as "=HYPERLINK(…)" stays text in Excel.
"""

import io
from decimal import Decimal

from flask import Response
from flask_babel import get_locale
from flask_babel import gettext as _

from ...csv_files import csv_writer
from ..catalog import CATEGORIES, attributes_for
from .file_names import (
    COLUMNS,
    REQUIRED,
    attribute_label_here,
    category_label_here,
    column_label,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def example_rows() -> list[list]:
    """Two filled rows in the reader's language."""
    if str(get_locale()).startswith("zh"):
        return [
            [
                "铸铁平底锅 26厘米 预开锅 无涂层",
                "预开锅铸铁，拿到即可烹饪。直径26厘米，深5厘米，可进烤箱。",
                "Home & Kitchen",
                Decimal("34.90"),
                40,
                {"material": "铸铁", "dimensions": "26 x 5 厘米", "colour": "黑色"},
            ],
            [
                "陶瓷花盆 北欧简约 带托盘 15厘米",
                "高温烧制陶瓷，底部排水孔，附托盘。",
                "Garden",
                Decimal("39.90"),
                120,
                {"material": "陶瓷", "dimensions": "15 x 14 厘米", "season": "四季"},
            ],
        ]
    return [
        ["Cast iron skillet 26 cm, pre-seasoned", "Pre-seasoned cast iron, ready to cook. 26 cm "
         "across, 5 cm deep, oven safe to 260 °C.", "Home & Kitchen", Decimal("34.90"), 40,
         {"material": "cast iron", "dimensions": "26 x 5 cm", "colour": "black"}],
        ["Ceramic plant pot with saucer, 15 cm", "Glazed stoneware pot with a drainage hole and a "
         "matching saucer.", "Garden", Decimal("39.90"), 120,
         {"material": "ceramic", "dimensions": "15 x 14 cm", "season": "all year"}],
    ]  # fmt: skip


def _attributes_cell(attributes: dict) -> str:
    return "; ".join(
        f"{attribute_label_here(name)}={value}"
        for name, value in (attributes or {}).items()
        if value
    )


def _line(title, description, category, price, stock, attributes) -> list:
    return [
        title,
        description or "",
        category_label_here(category) if category else "",
        f"{price:.2f}" if price is not None else "",
        "" if stock is None else stock,
        _attributes_cell(attributes),
    ]


def header() -> list[str]:
    return [column_label(code) + (" *" if code in REQUIRED else "") for code in COLUMNS]


def product_lines(products) -> list[list]:
    return [
        _line(p.title, p.description, p.category, p.price, p.stock, p.attributes) for p in products
    ]


def category_sheet() -> list[list[str]]:
    """The second sheet: every category and its attributes, in the reader's language."""
    rows = [[_("Category"), _("Attributes")]]
    for code in CATEGORIES:
        names = _(", ").join(attribute_label_here(name) for name in attributes_for(code))
        rows.append([category_label_here(code), names])
    return rows


def as_csv(lines: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(header())
    writer.writerows(lines)
    return "\ufeff".encode() + out.getvalue().encode("utf-8")  # Excel reads the BOM as UTF-8


def as_xlsx(lines: list[list], with_categories: bool = True) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Products")[:31]
    sheet.append(header())
    for line in lines:
        sheet.append(line)
        for cell in sheet[sheet.max_row]:
            # openpyxl writes text starting with "=" as a formula: kept as text instead
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (40, 50, 18, 10, 8, 50), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    if with_categories:
        categories = book.create_sheet(_("Categories")[:31])
        for row in category_sheet():
            categories.append(row)
        categories.column_dimensions["A"].width = 20
        categories.column_dimensions["B"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def send(lines: list[list], name: str, kind: str) -> Response:
    if kind == "xlsx":
        body, mimetype = as_xlsx(lines), XLSX_TYPE
    else:
        body, mimetype = as_csv(lines), "text/csv; charset=utf-8"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename={name}.{kind}"},
    )


def template_lines() -> list[list]:
    return [_line(*row) for row in example_rows()]
