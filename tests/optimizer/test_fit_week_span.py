"""One mistyped week (0001-01-01, 2099-12-28) once stretched every store's week axis over
110,000 weeks and the fit asked for 959 GB: now the command refuses such a row by file, row
and column (exit 2) before anything is fitted, and a long honest history is fitted on its
latest three years, saying how many older rows were left out."""

from datetime import date, timedelta

import numpy as np
import pytest

from optimizer import InvalidRequest
from optimizer.fit.panel import MAX_WEEKS, panel_from_columns
from optimizer.fit.reading import results_from_rows
from tests.optimizer.test_fit_cli import HEADER, run


def test_a_week_in_year_one_or_2099_exits_2_naming_file_row_and_column(tmp_path):
    path = tmp_path / "typo.csv"
    rows = "".join(f"s1,feed,{date(2026, 1, 5) + timedelta(weeks=w)},100,3,90\n" for w in range(8))
    path.write_text(HEADER + rows + "s2,feed,0001-01-01,100,3,90\n" + "s2,feed,2099-12-28,1,0,0\n")
    code, out, err = run(path)
    assert code == 2, err
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith(
        f"{path}: row 9 (line 10), column week: 0001-01-01 is before 2000-01-03"
    )
    assert lines[1].startswith(f"{path}: row 10 (line 11), column week: 2099-12-28 is 3,")
    assert "weeks from the middle of the results (2026-" in lines[1]
    assert len(lines) == 2


def test_the_portals_rows_with_a_far_week_are_refused_by_row():
    weeks = [date(2026, 1, 5) + timedelta(weeks=w) for w in range(6)] + [date(2099, 12, 28)]
    rows = [
        {"store": "1", "placement": "2", "week": w, "spend": 10.0, "conversions": 1, "revenue": 5.0}
        for w in weeks
    ]
    with pytest.raises(InvalidRequest) as refused:
        results_from_rows(rows)
    assert [p.path for p in refused.value.problems] == ["row 7, column week"]


def test_a_history_longer_than_three_years_is_fitted_on_its_latest_weeks():
    weeks = 200
    first = date(2021, 1, 4).toordinal()
    week_day = np.array([first + 7 * w for w in range(weeks)] * 2)
    store = np.array(["a"] * weeks + ["b"] * weeks, dtype=object)
    placement = np.array(["feed"] * (2 * weeks), dtype=object)
    ones = np.ones(2 * weeks)
    panel = panel_from_columns(store, placement, week_day, ones * 100, ones, ones * 50)
    assert panel.weeks == MAX_WEEKS == 156
    assert panel.left_out == 2 * (weeks - MAX_WEEKS)
    assert panel.observed.sum() == 2 * MAX_WEEKS
