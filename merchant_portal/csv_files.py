"""Reading uploaded CSV files for all-or-nothing imports: problems named by row and column."""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _

from .forms import one_line

MB = 1024 * 1024
MAX_BYTES = 2 * MB


@dataclass(frozen=True)
class RowProblem:
    row: int  # as a spreadsheet counts: the header is row 1
    column: str
    message: str


SHOWN_MAX = 80  # characters of a refused cell repeated in its message


def shown_cell(text: str) -> str:
    """A file's cell as a message repeats it: on one line, without the direction marks that
    turned the message around, and cut short (a cell of 100 KB was repeated whole)."""
    text = one_line(str(text))
    return text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX] + "…"


class ImportRejected(ValueError):
    def __init__(self, problems: list[RowProblem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def read_rows(
    raw: bytes, required: tuple[str, ...], allowed: tuple[str, ...]
) -> Iterator[tuple[int, dict]]:
    """(row number, {column: stripped text}) for every non-blank row, after checking the
    size, the encoding and the header; anything wrong there rejects the whole file."""
    if len(raw) > MAX_BYTES:
        raise ImportRejected(
            [RowProblem(0, "file", _("the file is larger than %(size)s MB", size=MAX_BYTES // MB))]
        )
    text = decode_csv(raw)  # UTF-8, BOM or GBK as Excel saves it
    # newline="": the csv module then ends a row at \r, \n or \r\n (files saved by old Mac
    # Excel end lines with a bare \r, and were read as one broken row)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as error:
        raise ImportRejected([RowProblem(1, "file", _in_words(error))]) from None
    header = [h.strip().lower() for h in (fieldnames or [])]
    problems = [RowProblem(1, c, _("this column is required")) for c in required if c not in header]
    # a column named twice: the csv module would silently keep only the last one's values
    problems += [
        RowProblem(1, c, _("this column appears more than once; keep one"))
        for c in sorted({c for c in header if c and header.count(c) > 1})
    ]
    problems += [
        RowProblem(1, c, _("unknown column; use %(columns)s", columns=", ".join(allowed)))
        for c in header
        if c not in allowed
    ]
    if problems:
        raise ImportRejected(problems)
    reader.fieldnames = header
    for number, record in _records(reader):
        values = {
            k: (v or "").strip() for k, v in record.items() if k in allowed and isinstance(v, str)
        }
        extra = [cell for cell in record.get(None) or [] if cell.strip()]  # past the header
        if extra:  # a comma inside a cell, unquoted: the rest of the cell would be dropped
            said = _(
                "this row has more cells than the header (“%(cell)s” and after): "
                "put a cell that holds a comma in double quotes",
                cell=shown_cell(extra[0]),
            )
            raise ImportRejected([RowProblem(number, "file", said)])
        if any(values.values()):
            yield number, values


# The encoding is found from the bytes, never asked: UTF-8 when the file decodes as UTF-8,
# else GB18030 (a superset of GBK, what Excel on a Chinese Windows saves as "CSV").
def decode_csv(raw: bytes) -> str:
    """The text of a CSV in UTF-8 (BOM or not) or GB18030, line endings made \\n."""
    if looks_binary(raw):
        raise ImportRejected(
            [
                RowProblem(
                    0,
                    _("file"),
                    _(
                        "this is not a CSV or Excel (.xlsx) file (a PDF, an image or an old .xls "
                        "named .csv?); save it from Excel as CSV UTF-8 or .xlsx"
                    ),
                )
            ]
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        text = _decode(raw[3:], "utf-8")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_gb(raw)
    # Excel for old Macs ends lines with a bare \r; csv reads \r\n and \n alike after this
    return text.replace("\r\n", "\n").replace("\r", "\n")


# What a file that is not text starts with: PDF, PNG, JPEG, GIF, old Excel (.xls), gzip
BINARY_STARTS = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\xd0\xcf\x11\xe0", b"\x1f\x8b")


def looks_binary(raw: bytes) -> bool:
    """A file no spreadsheet saved as CSV: a known binary start, or control bytes (NUL, or
    more than one in a hundred of the others) that text never holds. GB18030 decodes almost
    any bytes, so without this a PDF named .csv was read as columns of mojibake."""
    if raw.startswith(BINARY_STARTS):
        return True
    head = raw[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return controls * 100 > len(head)


def _decode(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise ImportRejected(
            [RowProblem(0, _("file"), _("save the file as CSV UTF-8 or as Excel (.xlsx)"))]
        ) from None


def _decode_gb(raw: bytes) -> str:
    """GB18030, refused when some lines are UTF-8 Chinese: pasted from two files, the
    GB18030 reading would turn those lines into mojibake, and the UTF-8 one the others."""
    utf8_lines = gb_lines = 0
    for line in raw.split(b"\n"):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_lines += 1
        except UnicodeDecodeError:
            gb_lines += 1
    if utf8_lines and gb_lines:
        raise ImportRejected(
            [
                RowProblem(
                    0,
                    _("file"),
                    _(
                        "some lines are in UTF-8 and others in GBK: the file was pieced "
                        "together from two; save it again as one (CSV UTF-8 or .xlsx)"
                    ),
                )
            ]
        )
    return _decode(raw, "gb18030")


def _delimiter(text: str) -> str:
    """The header's separator: a comma, or the semicolon (or tab) a spreadsheet set to a
    decimal-comma language saves "CSV" with. No column name holds either."""
    header = next(iter(text.splitlines()), "")  # a bare \r ends the header too
    return max((",", ";", "\t"), key=header.count) if header.count(",") == 0 else ","


def _records(reader: csv.DictReader) -> Iterator[tuple[int, dict]]:
    """Each record with its row number; a row the csv module cannot read (a cell past its
    field size limit, say) rejects the file naming that row, instead of failing the page."""
    number = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportRejected([RowProblem(number + 1, "file", _in_words(error))]) from None
        number += 1
        yield number, record


def _in_words(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return _(
            "a cell is longer than %(size)s characters", size=format_decimal(csv.field_size_limit())
        )
    return _("this row is not valid CSV (%(error)s)", error=error)


def row_count(raw: bytes) -> int:
    """Rows under the header, about (quoted line breaks count extra): enough to choose between
    importing now and in the background."""
    lines = raw.count(b"\n") + (1 if raw and not raw.endswith(b"\n") else 0)
    return max(lines - 1, 0)


def problems_as_json(problems: list[RowProblem], limit: int = 500) -> dict:
    """The problems of a rejected import, for a background job's page."""
    return {
        "problems": [
            {"row": p.row, "column": p.column, "message": p.message} for p in problems[:limit]
        ],
        "problem_count": len(problems),
    }


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…),
# +cmd|…, @SUM(…)); tab and carriage return let a formula hide behind them.
# what an .xlsx cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE): a description pasted with a
# vertical tab made the product export a 500
UNWRITABLE = re.compile(r"[\000-\010\013\014\016-\037]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell as data: text a spreadsheet would run gets a leading apostrophe (OWASP's
    advice); numbers, and text that is a plain number such as "-12.50", stay as they are.
    Text that is already such an apostrophe and a formula ("'=1+1 note", typed so) gets
    one more, so that ``spreadsheet_text`` reads back what was written: it came back
    "=1+1 note", and an export imported back changed a description."""
    if not isinstance(value, str) or not value.lstrip("'").startswith(_ESCAPED):
        return value
    if not value.startswith("'"):
        if not value.startswith(FORMULA_STARTS):
            return value  # a line break first: no formula, nothing to take off
        try:
            float(value)
        except ValueError:
            pass
        else:
            return value
    return "'" + value


# what an apostrophe the export added may stand before: a file is read with its \r as \n
_ESCAPED = (*FORMULA_STARTS, "\n")


def spreadsheet_text(cell: str) -> str:
    """A cell of a file the portal wrote, as it was before ``spreadsheet_safe``."""
    if cell.startswith("'") and cell.lstrip("'").startswith(_ESCAPED):
        return cell[1:]
    return cell


class SafeWriter:
    """``csv.writer`` for every file the portal sends: each cell through spreadsheet_safe."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row):
        return self._writer.writerow([spreadsheet_safe(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(out, **options) -> SafeWriter:
    return SafeWriter(out, **options)
