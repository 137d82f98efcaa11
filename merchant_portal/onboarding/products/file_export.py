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

from ...csv_files import UNWRITABLE, csv_writer, spreadsheet_safe
from ..catalog import attribute_value, leaves
from .file_names import (
    COLUMNS,
    REQUIRED,
    attribute_label_here,
    category_path_here,
    column_label,
    in_file,
)
from .held_state import as_held, data_held, export_mark
from .pending import change_values, open_change_data
from .sku_rows import as_saved, sku_rows, values_of

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


def _attributes_cell(attributes: dict, category: str | None) -> str:
    return "; ".join(
        f"{attribute_label_here(name, category)}={attribute_value(name, value, category)}"
        for name, value in (attributes or {}).items()
        if value
    )


def _line(title, description, category, price, stock, attributes, code="", listing=None,
          mark="") -> list:  # fmt: skip
    return [
        title,
        description or "",
        category_path_here(category) if category else "",
        f"{price:.2f}" if price is not None else "",
        "" if stock is None else stock,
        _attributes_cell(attributes, category),
        code or "",
        listing or "",
        mark,
    ]


def header() -> list[str]:
    return [column_label(code) + (" *" if code in REQUIRED else "") for code in COLUMNS]


def product_lines(products) -> list[list]:
    """A row per listing, or per SKU (the listing's columns repeated, the SKU's sale values
    in its attributes), as Taobao's and JD's sheets have them. A listing on sale with a change
    waiting is written as its editor holds it: the change (``open_change_data``)."""
    products = list(products)
    skus = sku_rows([p.id for p in products])
    pending = open_change_data([p.id for p in products])
    lines = []
    for p in products:
        data = pending.get(p.id)
        held = change_values(data) if data is not None else {
            name: getattr(p, name) for name in ("title", "description", "category", "price",
                                                "stock")}  # fmt: skip
        attributes = (data.get("attributes") if data is not None else p.attributes) or {}
        rows = data.get("skus") or [] if data is not None else skus[p.id]
        mark = export_mark(
            data_held(data) if data is not None else as_held(held, attributes, as_saved(rows))
        )
        if not rows:
            lines.append(_line(held["title"], held["description"], held["category"],
                               held["price"], held["stock"], attributes, "", p.id,
                               mark))  # fmt: skip
            continue
        for sku in rows:
            price, stock, code = (
                (Decimal(str(sku["price"])), sku["stock"], sku.get("code"))
                if isinstance(sku, dict)
                else (sku.price, sku.stock, sku.merchant_code)
            )
            lines.append(
                _line(
                    held["title"], held["description"], held["category"], price, stock,
                    {**attributes, **values_of(sku)}, code, p.id, mark,
                )
            )  # fmt: skip
    return lines


def sku_example() -> list[list]:
    """Two SKU rows of one listing, in the first leaf whose sale attributes make SKUs (none
    when the tree has no such leaf), every required attribute filled so it imports as it is."""
    node = next(
        (n for n in leaves() if any(a.sale and len(a.options) > 1 for a in n.attributes)), None
    )
    if node is None:
        return []
    sale = next(a for a in node.attributes if a.sale and len(a.options) > 1)
    fixed = {a.code: _example_value(a) for a in node.attributes if a.required and a is not sale}
    zh = str(get_locale()).startswith("zh")
    title = (
        f"示例商品 {node.name_zh} 两种{sale.name_zh}可选"
        if zh
        else f"Example {node.name_en}, two {sale.name_en.lower()} options"
    )
    rows = []
    for number, option in enumerate(sale.options[:2], start=1):
        attributes = {**fixed, sale.code: option.zh}
        rows.append(
            _line(
                title, "", node.code, Decimal("39.90") + 10 * (number - 1), 50, attributes,
                f"SKU-{number:02d}",
            )
        )  # fmt: skip
    return rows


def _example_value(spec) -> str:
    if spec.options:
        return spec.options[0].zh
    return "10" if spec.kind == "number" else "—"


def category_sheet() -> list[list[str]]:
    """The second sheet: every category a listing can be in, by its path, and its attributes
    in the reader's language (* required; the unit or the options after each)."""
    rows = [[_("Category"), _("Attributes")]]
    for node in leaves():
        rows.append(
            [in_file(node.path_label), _(", ").join(_described(a) for a in node.attributes)]
        )
    return rows


def _described(spec) -> str:
    name = spec.label + (" *" if spec.required else "")
    if spec.sale:
        name += _(" (makes SKUs: one row each)")
    if spec.kind == "number" and spec.unit:
        return _("%(name)s (%(unit)s)", name=name, unit=spec.unit)  # full-width in Chinese
    if spec.kind in ("one", "many"):
        options = "/".join(o.label for o in spec.options)
        several = _("several of") if spec.kind == "many" else _("one of")
        return _("%(name)s (%(kind)s: %(options)s)", name=name, kind=several, options=options)
    return name


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
        # a price as a number, so Excel sums and sorts it (the CSV writes the same as text)
        price = line[3]
        cells = [UNWRITABLE.sub("", c) if isinstance(c, str) else c for c in line]
        sheet.append([*cells[:3], Decimal(price) if price else price, *cells[4:]])
        if price:
            sheet.cell(row=sheet.max_row, column=4).number_format = "0.00"
        for cell in sheet[sheet.max_row]:
            # openpyxl writes text starting with "=" as a formula: kept as text instead
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
            # "'=1+1" as typed: the import takes an apostrophe before a formula off
            if isinstance(cell.value, str) and cell.value.startswith("'"):
                cell.value = spreadsheet_safe(cell.value)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHI", (40, 50, 18, 10, 8, 50, 16, 10, 16), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    if with_categories:
        categories = book.create_sheet(_("Categories")[:31])
        for row in category_sheet():
            categories.append(row)
        categories.column_dimensions["A"].width = 40
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
    return [_line(*row) for row in example_rows()] + sku_example()
