"""Uploaded tables as merchants have them: .xlsx, or CSV saved as UTF-8, UTF-8 with BOM or
GBK/GB18030 (what Excel on a Chinese Windows calls "CSV"), line endings of any system.

The kind and the encoding are found from the bytes, never asked: an .xlsx is a zip file
("PK"); a CSV is UTF-8 when it decodes as UTF-8, else GB18030 (a superset of GBK). A file
whose lines mix the two would import as mojibake, so it is refused.

An .xlsx is checked before openpyxl opens it (uncompressed size, ratio, entries: a zip bomb
is refused unopened), read in read-only mode with formulas' saved values only (nothing is
ever evaluated) and stops reading past the row limit.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal

from flask_babel import gettext as _

from .csv_files import (
    MAX_BYTES,
    MB,
    ImportRejected,
    RowProblem,
    _delimiter,
    _in_words,
    decode_csv,
)

XLSX_MAX_UNPACKED = 40 * MB  # a 2,000-row catalogue is well under 5 MB unpacked
XLSX_MAX_RATIO = 100  # XML compresses about 10 times; a bomb, thousands
XLSX_MAX_ENTRIES = 200
MAX_COLUMNS = 60


def is_xlsx(raw: bytes) -> bool:
    return raw[:4] == b"PK\x03\x04"


def _check_zip(raw: bytes) -> zipfile.ZipFile:
    def refuse(message: str):
        return ImportRejected([RowProblem(0, _("file"), message)])

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise refuse(_("this is not an Excel .xlsx file; save it again from Excel")) from None
    unpacked = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if (
        len(entries) > XLSX_MAX_ENTRIES
        or unpacked > XLSX_MAX_UNPACKED
        or unpacked / packed > XLSX_MAX_RATIO
    ):
        raise refuse(
            _(
                "the workbook unpacks to more than %(size)s MB; keep only the product "
                "sheet, without images",
                size=XLSX_MAX_UNPACKED // MB,
            )
        )
    if "xl/workbook.xml" not in archive.namelist():
        raise refuse(_("this is not an Excel .xlsx file; save it again from Excel"))
    return archive


def _cell_text(value) -> str:
    """A cell as the text a person sees: 40 not 40.0, dates as 2026-11-01."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return "NaN"
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | Decimal | int):
        return str(value)
    return str(value)


def _xlsx_rows(raw: bytes, max_rows: int) -> Iterator[list[str]]:
    from openpyxl import load_workbook  # only the import pages need it

    _check_zip(raw)
    try:
        # data_only: a formula's saved value, never the formula, never evaluated
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ImportRejected(
            [RowProblem(0, _("file"), _("this Excel file cannot be read; save it again"))]
        ) from None
    try:
        # read-only mode parses the sheet as its rows are asked for, so a sheet missing from
        # the archive (no worksheet at all: IndexError, a 500) or damaged inside shows here
        rows = iter(book.worksheets[0].iter_rows(max_col=MAX_COLUMNS, values_only=True))
        count = 0
        # the header, max_rows and one more, as a CSV: the caller sees there are too many
        # (a row past 50,001 was dropped without a word, and the import said it succeeded)
        while count <= max_rows + 1:
            try:
                row = next(rows)
            except StopIteration:
                return
            yield [_cell_text(value) for value in row]
            count += 1
    except (IndexError, KeyError, ValueError, OSError, zipfile.BadZipFile, SyntaxError):
        raise ImportRejected(
            [RowProblem(0, _("file"), _("this Excel file cannot be read; save it again"))]
        ) from None
    finally:
        book.close()


def read_table(raw: bytes, max_rows: int) -> Iterator[tuple[int, list[str]]]:
    """(row number as a spreadsheet shows it, cells) for every row, the header first;
    at most ``max_rows`` + 1 rows under the header are read (the caller refuses more)."""
    if len(raw) > MAX_BYTES:
        raise ImportRejected(
            [
                RowProblem(
                    0, _("file"), _("the file is larger than %(size)s MB", size=MAX_BYTES // MB)
                )
            ]
        )
    if is_xlsx(raw):
        for number, cells in enumerate(_xlsx_rows(raw, max_rows), start=1):
            yield number, cells
        return
    text = decode_csv(raw)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    number = 0
    while number <= max_rows + 1:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportRejected([RowProblem(number + 1, _("file"), _in_words(error))]) from None
        number += 1
        yield number, cells


def table_rows(raw: bytes, most: int = 10_000) -> int:
    """Rows under the header, about: enough to choose between importing now and in the
    background (an .xlsx counts up to ``most``: a job's progress passes ``most`` as its
    whole file, or it read "21,300 of 10,000 rows")."""
    if not is_xlsx(raw):
        text = decode_csv_safely(raw)
        lines = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
        return max(lines - 1, 0)
    try:
        return sum(1 for _ in read_table(raw, most)) - 1
    except ImportRejected:
        return 0  # read again, and refused with its reason, by the import itself


def decode_csv_safely(raw: bytes) -> str:
    try:
        return decode_csv(raw)
    except ImportRejected:
        return ""
