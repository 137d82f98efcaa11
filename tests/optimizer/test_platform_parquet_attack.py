"""Parquet platform directories whose values are not data: exit 2 with file, row and column."""

import contextlib
import io
import json
import math
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from optimizer import cli

from .test_cli_fuzz import check_answer
from .test_platform_decomposed import marketplace, write_directory


def platform_directory(directory) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    argv, sys.argv = sys.argv, ["optimizer", "platform", str(directory)]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main()
            except SystemExit as exit_:
                code = exit_.code
    finally:
        sys.argv = argv
    check_answer(code, out.getvalue(), err.getvalue())
    return code, out.getvalue(), err.getvalue()


def _rewrite(directory, file, change):
    pq.write_table(change(pq.read_table(directory / file)), directory / file)


def _column(name, values):
    return lambda table: table.set_column(table.column_names.index(name), name, values(table))


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [
        ("placements.parquet", _column("capacity", lambda t: pa.array([math.nan] * t.num_rows)),
         "placements.parquet[0].capacity: is NaN; it must be a number from 0 to 1e+13"),
        ("merchants.parquet", _column("min_roas", lambda t: pa.array([math.nan] * t.num_rows)),
         "merchants.parquet[0].min_roas: is NaN; it must be a number from 0 to 1e+06"),
        ("placements.parquet", lambda t: t.slice(0, 0),
         "placements.parquet: has no rows; it must hold at least one"),
        ("rates.parquet", lambda t: t.slice(0, 0),
         "rates.parquet: has no rows; it must hold at least one"),
        ("merchants.parquet", _column("id", lambda t: pa.array([[v] for v in t["id"].to_pylist()])),
         "merchants.parquet.id: must be a text column, not list<"),
        ("rates.parquet", lambda t: pa.concat_tables([t, t.slice(0, 1)]),
         "rates.parquet[15]: repeats the rate of the same merchant and placement on an earlier row"),
    ],
)  # fmt: skip
def test_parquet_values_that_are_not_data_exit_2(tmp_path, file, change, expected):
    # NaN capacities and floors were read as "unlimited" and "none"; empty tables and
    # list-typed ids were internal errors (exit 3) or "solver:" lines; a repeated rate was
    # planned as a second variable on the same inventory
    write_directory(marketplace(5, merchants=5), tmp_path / "market")
    _rewrite(tmp_path / "market", file, change)
    code, out, err = platform_directory(tmp_path / "market")
    assert code == 2 and out == ""
    assert any(line.startswith(expected) for line in err.splitlines()), err


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_column("cvr", lambda t: pa.array([str(v) for v in t["cvr"].to_pylist()])),
         ["rates.parquet.cvr: must be a numeric column"]),
        (_column("cvr", lambda t: pa.array([math.nan, *t["cvr"].to_pylist()[1:]])),
         ["rates.parquet[0].cvr: is NaN; it must be a number from 0 to 1"]),
        (_column("cvr", lambda t: pa.array([None, *t["cvr"].to_pylist()[1:]], pa.float64())),
         ["rates.parquet[0].cvr: is required"]),
        (_column("placement", lambda t: pa.array(["nowhere", *t["placement"].to_pylist()[1:]])),
         ["rates.parquet[0].placement: names no row of placements.parquet"]),
    ],
)  # fmt: skip
def test_a_required_column_s_problem_is_said_once(tmp_path, change, expected):
    # a text cvr column was also "is required" on every row, a NaN cvr twice, and an unknown
    # placement also "repeats the rate" of the row it was taken for
    write_directory(marketplace(5, merchants=5), tmp_path / "market")
    _rewrite(tmp_path / "market", "rates.parquet", change)
    code, _, err = platform_directory(tmp_path / "market")
    assert code == 2 and err.splitlines() == expected


def test_a_column_of_nothing_but_nulls_is_an_absent_column(tmp_path):
    write_directory(marketplace(5, merchants=5), tmp_path / "market")
    _rewrite(tmp_path / "market", "merchants.parquet", _column("min_roas", lambda t: pa.nulls(5)))
    code, out, _ = platform_directory(tmp_path / "market")
    assert code == 0 and json.loads(out)["status"] == "optimal"
