"""``python -m optimizer fit RESULTS [--out FILE]`` from outside, as OPTIMIZER.md section 5 has
it: CSV, Parquet and a directory of Parquet give the same curves; standard output is the JSON
alone; bad input exits 2 with one line per problem naming file, row and column."""

import csv
import json
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from optimizer.fit.simulator import simulate

HEADER = "store,placement,week,spend,conversions,revenue\n"


def start(*args):
    return subprocess.Popen(
        [sys.executable, "-m", "optimizer", "fit", *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def run(*args):
    process = start(*args)
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("results")
    rows = simulate(stores=12, placements=2, weeks=20, seed=4).rows
    names = list(rows)
    with open(folder / "results.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        writer.writerows(zip(*rows.values(), strict=True))
    table = pa.table(rows)
    pq.write_table(table, folder / "results.parquet")
    parts = folder / "parts"
    parts.mkdir()
    half = len(table) // 2
    # a data platform's export: dictionary-encoded text, split over files
    pq.write_table(table.slice(0, half), parts / "part-0.parquet", use_dictionary=True)
    pq.write_table(table.slice(half), parts / "part-1.parquet", use_dictionary=True)
    return folder


def test_csv_parquet_and_a_parquet_directory_give_the_same_curves_and_json_alone(files):
    out_file = files / "curves.json"
    # side by side: each run compiles the model once
    runs = [
        start(files / "results.csv"),
        start(files / "results.parquet"),
        start(files / "parts", "--out", out_file),
    ]
    answers = []
    for process in runs:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        assert err == ""  # no JAX or XLA line about CPUs and GPUs
        answers.append(out)
    assert answers[2] == ""  # --out: the JSON went to the file
    answers[2] = out_file.read_text()
    parsed = [json.loads(answer) for answer in answers]
    for answer in parsed:
        assert len(answer["curves"]) == 24
        assert set(answer) == {"curves", "placements", "fit"}
        curve = answer["curves"][0]
        low, high = curve["half_spend_interval"]
        assert low <= curve["half_spend"] <= high
    strip = [[{k: v for k, v in c.items()} for c in a["curves"]] for a in parsed]
    assert strip[0] == strip[1] == strip[2]


def test_every_problem_of_a_csv_named_by_file_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "s1,feed,2025-01-06,100,3,90\n"
        + "s1,feed,2025-01-07,100,3,90\n"  # a Tuesday
        + "s2,feed,2025-01-06,-4,3,90\n"
        + ",feed,2025-01-06,10,1,30\n"
        + "s3,feed,06/01/2025,ten,1,30\n"
        + "s1,feed,2025-01-06,50,1,30\n"  # the first row again
    )
    code, out, err = run(path)
    assert code == 2
    assert out == ""
    assert err.splitlines() == [
        f"{path}: row 4 (line 5), column store: must not be empty",
        f"{path}: row 2 (line 3), column week: 2025-01-07 is a Tuesday; give the Monday that starts the week",
        f"{path}: row 5 (line 6), column week: must be a date YYYY-MM-DD, got '06/01/2025'",
        f"{path}: row 3 (line 4), column spend: must be a number 0 or more, got -4",
        f"{path}: row 5 (line 6), column spend: must be a number, got 'ten'",
        f"{path}: row 6 (line 7), column week: store s1, placement feed and week 2025-01-06 already given at row 1 (line 2); give each once",
    ]


def test_a_missing_column_and_a_bad_parquet_file_in_a_directory(tmp_path):
    (tmp_path / "a.csv").write_text("store,placement,week,spend,revenue\ns1,feed,2025-01-06,1,2\n")
    code, out, err = run(tmp_path / "a.csv")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"{tmp_path / 'a.csv'}: column conversions: missing (needed: store, placement, week, spend, conversions, revenue)"
    ]
    parts = tmp_path / "parts"
    parts.mkdir()
    good = {"store": ["s1"], "placement": ["feed"], "week": ["2025-01-06"], "spend": [10.0],
            "conversions": [1.0], "revenue": [20.0]}  # fmt: skip
    pq.write_table(pa.table(good), parts / "part-0.parquet")
    pq.write_table(pa.table({**good, "spend": [None]}), parts / "part-1.parquet")
    (parts / "part-2.parquet").write_bytes(b"not parquet at all")
    code, out, err = run(parts)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert (
        f"{parts / 'part-1.parquet'}: row 1, column spend: must be a number, got nothing" in lines
    )
    assert any(line.startswith(f"{parts / 'part-2.parquet'}: not a Parquet file") for line in lines)
    # the same store, placement and week in two files: both named
    assert (
        f"{parts / 'part-1.parquet'}: row 1, column week: store s1, placement feed and week "
        f"2025-01-06 already given at {parts / 'part-0.parquet'}: row 1; give each once"
    ) in lines
    assert len(lines) == 3


def test_nothing_to_read_or_nowhere_to_write_exits_2_at_once(tmp_path):
    code, out, err = run(tmp_path / "missing.csv")
    assert (code, out, err) == (2, "", f"{tmp_path / 'missing.csv'}: no such file or directory\n")
    (tmp_path / "ok.csv").write_text(HEADER + "s1,feed,2025-01-06,1,1,1\n")
    code, out, err = run(tmp_path / "ok.csv", "--out", tmp_path / "no" / "curves.json")
    assert (code, out) == (2, "")
    assert err == f"--out: no directory {tmp_path / 'no'} to write curves.json into\n"
    (tmp_path / "empty").mkdir()
    code, out, err = run(tmp_path / "empty")
    assert (code, out, err) == (
        2,
        "",
        f"{tmp_path / 'empty'}: no .parquet files in this directory\n",
    )


def test_a_row_split_by_an_unquoted_thousands_comma_is_refused_not_read_shifted(tmp_path):
    # Found by an operations engineer: "1,000" unquoted made a row of seven cells; spend 1,
    # conversions 000 and revenue 5 were fitted silently and the last cell dropped.
    path = tmp_path / "results.csv"
    path.write_text(HEADER + "张三茶叶铺,搜索顶部,2026-08-31,1,000,5,290.00\n", encoding="utf-8")
    status, out, err = run(path)
    assert status == 2 and out == ""
    assert err == f"{path}: row 1 (line 2): 7 values for 6 columns; quote a value that holds a "\
        'comma ("1,000" with the quotes, or 1000)\n'  # fmt: skip


def test_a_gbk_file_is_refused_with_what_to_do(tmp_path):
    # Excel in Chinese saves "CSV" as GBK: the refusal says how to save it instead.
    path = tmp_path / "results.csv"
    path.write_bytes((HEADER + "张三茶叶铺,搜索顶部,2026-08-31,100,5,290\n").encode("gbk"))
    status, _, err = run(path)
    assert status == 2 and "save it as UTF-8" in err and "GBK" in err


def test_a_column_named_twice_fractional_counts_and_list_cells_are_refused(tmp_path):
    # An attack pass: spend twice in the header silently took the last; 1.5 conversions were
    # fitted as a count; a Parquet column of lists ended in "internal error" (exit 3).
    twice = tmp_path / "twice.csv"
    twice.write_text(HEADER.replace("spend", "spend,spend", 1).replace("\n", "") + "\n"
                     "s1,p1,2026-08-31,100,999,5,290\n", encoding="utf-8")  # fmt: skip
    status, _, err = run(twice)
    assert status == 2 and err == f"{twice}: column named twice: spend; keep one\n"

    halves = tmp_path / "halves.csv"
    halves.write_text(HEADER + "s1,p1,2026-08-31,100,1.5,290\n", encoding="utf-8")
    status, _, err = run(halves)
    assert status == 2
    assert err == f"{halves}: row 1 (line 2), column conversions: must be a whole number (a "\
        "count), got 1.5\n"  # fmt: skip

    lists = tmp_path / "lists.parquet"
    pq.write_table(pa.table({"store": ["s1"], "placement": ["p1"], "week": ["2026-08-31"],
                             "spend": [[1.0, 2.0]], "conversions": [3], "revenue": [4.0]}),
                   lists)  # fmt: skip
    status, _, err = run(lists)
    assert status == 2 and "column spend holds list<" in err
