"""A listing as a product file holds it, and the export's mark of it (导出版本).

A merchant exports on Monday, edits a price in the portal on Tuesday and imports Monday's
file on Wednesday: the file, read as the truth, put Monday's price back without a word. The
export now writes beside each listing a short digest of what it wrote; the import compares
it with the listing as its editor holds it now, and with the row as the file holds it now
(``import_updates.since_export``)."""

import hashlib
import json
import re

from ...csv_files import UNWRITABLE
from .pending import change_values


def as_held(values: dict, attributes: dict, skus: list[dict] = ()) -> tuple:
    """A listing's content, compared alike however it was written: a row of a file, the
    listing's columns and SKUs, or a change's data."""
    price = values.get("price")
    # the editor's text box sends line breaks as \r\n, a file is read with \n: alike here,
    # or every listing whose description has two lines read as changed
    # (and an .xlsx leaves out the control characters it cannot hold)
    title, description = (
        UNWRITABLE.sub("", (values.get(name) or "").replace("\r\n", "\n").replace("\r", "\n"))
        for name in ("title", "description")
    )
    lines = tuple(sorted((s["combination"], f"{s['price']}", s["stock"], s["code"]) for s in skus))
    if len(lines) == 1 and not lines[0][3]:
        lines = ()  # one SKU without a code sells exactly as a listing without SKUs
    return (
        title,
        description,
        values.get("category") or "",
        None if price is None else f"{price:.2f}",
        values.get("stock"),
        tuple(sorted((k, v) for k, v in (attributes or {}).items() if v)),
        lines,
    )


def row_held(row) -> tuple:
    """A parsed row of a file (``file_import.ParsedRow``)."""
    return as_held(row.values, row.attributes, [line.as_data() for line in row.skus])


def data_held(data: dict) -> tuple:
    """An editor's data: a change's, or a listing's as its editor opens it."""
    return as_held(change_values(data), data.get("attributes") or {}, data.get("skus") or [])


MARK = re.compile(r"v[0-9a-f]{12}")


def is_export_mark(text: str) -> bool:
    return MARK.fullmatch(text) is not None


def export_mark(held: tuple) -> str:
    """Starts with a letter: a mark of digits only would be read by Excel as a number, and
    written back as 1.23E+11."""
    text = json.dumps(held, default=str, ensure_ascii=False, separators=(",", ":"))
    return "v" + hashlib.sha256(text.encode()).hexdigest()[:12]
