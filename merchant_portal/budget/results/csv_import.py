"""A results CSV read row by row through the results form: every problem by row and column."""

from collections.abc import Callable

from werkzeug.datastructures import MultiDict

from ...csv_files import ImportRejected, RowProblem, read_rows
from ...i18n import _
from ..models import Placement
from .forms import COLUMNS, ResultForm, placement_choices


def parse_results_csv(
    raw: bytes, placements: list[Placement], checked: Callable[[int], None] | None = None
) -> list[dict]:
    """Every row checked; ``checked(rows so far)`` is called every 100 rows (a job's progress)."""
    choices = placement_choices(placements)
    unknown = f"Use a placement code: {', '.join(p.code for p in placements)}."  # not its name
    rows, problems = [], []
    for number, values in read_rows(raw, COLUMNS, COLUMNS):
        form = ResultForm(formdata=MultiDict(values), meta={"csrf": False})
        form.placement.choices = choices
        form.placement.invalid_choice_message = unknown
        form.validate()
        for column, messages in form.errors.items():
            problems.append(RowProblem(number, column, " ".join(str(m) for m in messages)))
        rows.append({name: getattr(form, name).data for name in COLUMNS})
        if checked and (number - 1) % 100 == 0:  # rows so far, the header not counted
            checked(number - 1)
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise ImportRejected([RowProblem(2, "file", _("the file has no results under the header"))])
    return rows
