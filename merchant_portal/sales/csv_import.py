"""All-or-nothing sales CSV for operations: the API's checks, by row and column."""

import io

from flask_babel import gettext as _

from ..csv_files import ImportRejected, RowProblem, csv_writer, read_rows
from .rows import FIELDS, REQUIRED, SaleRow, parse_rows

MAX_ROWS = 20_000
_MAX_ROWS_TEXT = f"{MAX_ROWS:,}"


def parse_sales_csv(raw: bytes) -> list[SaleRow]:
    records = list(read_rows(raw, REQUIRED, FIELDS))
    if len(records) > MAX_ROWS:
        raise ImportRejected(
            [RowProblem(0, "file", _("at most %(max)s rows per file", max=_MAX_ROWS_TEXT))]
        )
    if not records:
        raise ImportRejected([RowProblem(2, "file", _("the file has no rows under the header"))])
    rows, problems = parse_rows(records)
    if problems:
        raise ImportRejected(problems)
    return rows


def template_csv() -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(FIELDS)
    writer.writerow(["1", "2026-11-01", "420", "18", "21", "1254.60", "0"])
    return out.getvalue()
