"""Inputs a hostile or careless operator hands the command line (found by attacking it): a
file that never ends and a directory of Parquet files that disagree must exit 2 with one line
per problem, never an ``internal error`` (exit 3) or a machine out of memory."""

import datetime as dt
import resource
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest


def _limit_memory():  # /dev/zero read whole would take all of it; 3 GB shows it is not
    resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3))


def run(*args, stdin=None):
    process = subprocess.run(
        [sys.executable, "-m", "optimizer", *map(str, args)], capture_output=True, text=True,
        stdin=stdin, timeout=300, preexec_fn=_limit_memory,
    )  # fmt: skip
    return process.returncode, process.stdout, process.stderr


@pytest.mark.parametrize("command", ["plan", "frontier", "platform", "fit"])
def test_a_file_that_never_ends_is_refused_by_its_size(command):
    extra = ["--budgets", "1:2:2"] if command == "frontier" else []
    code, out, err = run(command, "/dev/zero", *extra)
    assert (code, out) == (2, "")
    assert "larger than" in err and "internal error" not in err


def test_standard_input_that_never_ends_is_refused_by_its_size():
    with open("/dev/zero", "rb") as zeros:
        code, out, err = run("plan", "-", stdin=zeros)
    assert (code, out) == (2, "")
    assert "larger than 100,000,000 bytes" in err


def test_a_directory_of_parquet_files_with_mixed_schemas_names_each_files_problems(tmp_path):
    monday = dt.date(2026, 11, 2)
    good = {"store": ["s1"], "placement": ["p"], "week": [monday], "spend": [float("nan")],
            "conversions": [1], "revenue": [1.0]}  # fmt: skip
    pq.write_table(pa.table(good), tmp_path / "a.parquet")
    pq.write_table(pa.table({"store": ["s2"], "placement": ["p"]}), tmp_path / "b.parquet")
    code, out, err = run("fit", tmp_path)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert any(line.startswith(f"{tmp_path / 'a.parquet'}: row 1, column spend") for line in lines)
    assert any(f"{tmp_path / 'b.parquet'}: column week: missing" in line for line in lines)
    assert "internal error" not in err


def test_fit_refuses_numbers_no_week_of_one_placement_holds(tmp_path):
    """They overflowed the fit to curves of null, exit 0."""
    results = tmp_path / "results.csv"
    results.write_text(
        "store,placement,week,spend,conversions,revenue\n"
        f"s1,p,2026-11-02,{'9' * 38},1,10\n"
        "s1,p,2026-11-09,100,1e300,10\n"
    )
    code, out, err = run("fit", results)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{results}: row 1 (line 2), column spend: must be at most 1e+12, got {'9' * 38}",
        f"{results}: row 2 (line 3), column conversions: must be at most 1e+13, got 1e300",
    ]
