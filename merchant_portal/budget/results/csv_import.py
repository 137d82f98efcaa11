"""A results CSV read row by row through the results form: every problem by row and column."""

from collections.abc import Callable

from werkzeug.datastructures import MultiDict

from ...csv_files import ImportRejected, RowProblem, read_rows
from ...i18n import _
from ..models import Placement
from .forms import COLUMNS, FIGURES, ResultForm, entered, placement_choices

# ``week`` or, in a file written before results had a week, ``period_start``/``period_end``
REQUIRED = ("placement", *FIGURES)


def parse_results_csv(
    raw: bytes, placements: list[Placement], checked: Callable[[int], None] | None = None
) -> list[dict]:
    """Every row checked; ``checked(rows so far)`` is called every 100 rows (a job's progress)."""
    choices = placement_choices(placements)
    unknown = f"Use a placement code: {', '.join(p.code for p in placements)}."  # not its name
    rows, problems = [], []
    first_row: dict[tuple[str, object], int] = {}
    for number, values in read_rows(raw, REQUIRED, COLUMNS):
        form = ResultForm(formdata=MultiDict(values), meta={"csrf": False})
        form.placement.choices = choices
        form.placement.invalid_choice_message = unknown
        form.validate()
        for column, messages in form.errors.items():
            problems.append(RowProblem(number, column, " ".join(str(m) for m in messages)))
        if form.errors:
            rows.append({})
        else:
            row = entered(form)
            key = (row["placement"], row["week"])
            if key in first_row:  # one file saying two things about one week: which is right?
                problems.append(
                    RowProblem(
                        number,
                        "week",
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
