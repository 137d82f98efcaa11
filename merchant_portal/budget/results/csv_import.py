"""A results file (.xlsx or CSV) read row by row through the results form: every problem by
row and by the column as the file names it. Headers and placements may be written in Chinese
(file_columns)."""

from collections.abc import Callable

from werkzeug.datastructures import MultiDict

from ...csv_files import ImportRejected, RowProblem
from ...i18n import _
from ...tables import read_table
from ..models import Placement
from .file_columns import COLUMN_LABELS, column_code, fold, placement_codes
from .forms import COLUMNS, FIGURES, ResultForm, entered, placement_choices

# ``week`` or, in a file written before results had a week, ``period_start``/``period_end``
REQUIRED = ("placement", *FIGURES)
MAX_ROWS = 50_000  # more than 2 MB of CSV holds


def _header(cells: list[str]) -> tuple[dict[int, str], dict[str, str]]:
    """({cell position: column code}, {column code: the header as written}); a header that
    is missing, unknown or written twice rejects the file."""
    columns, written, problems = {}, {}, []
    # a header the file lacks is named as the page's language names it (花费, not spend)
    names = _(", ").join(str(COLUMN_LABELS[code]) for code in COLUMNS)
    for position, cell in enumerate(cells):
        header = (cell or "").strip()
        if not header:
            continue
        code = column_code(header)
        if code is None:
            problems.append(
                RowProblem(1, header, _("unknown column; use %(columns)s", columns=names))
            )
        elif code in written:
            problems.append(
                RowProblem(1, header, _("this column appears more than once; keep one"))
            )
        else:
            columns[position], written[code] = code, header
    problems += [
        RowProblem(1, str(COLUMN_LABELS[code]), _("this column is required"))
        for code in REQUIRED
        if code not in written
    ]
    if problems:
        raise ImportRejected(problems)
    return columns, written


def _rows(raw: bytes):
    """(row number, {column code: text}) for each non-blank row, and the written headers."""
    table = read_table(raw, MAX_ROWS)
    columns = written = None
    for number, cells in table:
        if columns is None:
            columns, written = _header(cells)
            continue
        if number > MAX_ROWS + 1:
            raise ImportRejected(
                [RowProblem(number, "file", _("keep to %(max)s rows a file", max=f"{MAX_ROWS:,}"))]
            )
        values = {code: (cells[p] if p < len(cells) else "").strip() for p, code in columns.items()}
        if any(values.values()):
            yield number, values, written


def parse_results_csv(
    raw: bytes, placements: list[Placement], checked: Callable[[int], None] | None = None
) -> list[dict]:
    """Every row checked; ``checked(rows so far)`` is called every 100 rows (a job's progress)."""
    choices = placement_choices(placements)
    by_name = placement_codes(placements)
    unknown = _(
        "Use a placement's code or name: %(names)s.",
        names=", ".join(f"{p.code} ({p.label})" for p in placements),
    )
    rows, problems = [], []
    first_row: dict[tuple[str, object], int] = {}
    written: dict[str, str] = {}
    for number, values, written in _rows(raw):
        typed = values.get("placement", "")
        values["placement"] = by_name.get(fold(typed), typed)
        form = ResultForm(formdata=MultiDict(values), meta={"csrf": False})
        form.placement.choices = choices
        form.placement.invalid_choice_message = unknown
        form.validate()
        for column, messages in form.errors.items():
            said = written.get(column, column)
            problems.append(RowProblem(number, said, " ".join(str(m) for m in messages)))
        if form.errors:
            rows.append({})
        else:
            row = entered(form)
            key = (row["placement"], row["week"])
            if key in first_row:  # one file saying two things about one week: which is right?
                problems.append(
                    RowProblem(
                        number,
                        written.get("week", "week"),
                        _(
                            "row %(row)s already has %(placement)s for the week of %(week)s; "
                            "keep one row per placement and week",
                            row=first_row[key],
                            placement=row["placement"],
                            week=row["week"].isoformat(),
                        ),
                    )
                )
            first_row.setdefault(key, number)
            rows.append(row)
        if checked and (number - 1) % 100 == 0:  # rows so far, the header not counted
            checked(number - 1)
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise ImportRejected([RowProblem(2, "file", _("the file has no results under the header"))])
    return rows
