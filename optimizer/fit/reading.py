"""RESULTS as columns, every problem found at once: CSV, Parquet, or a directory of Parquet.

A problem names the file, the row and the column (``results.csv: row 7, column spend: …``).
Rows count data rows from 1, as the portal and the Parquet readers do; a CSV problem also
gives the file's line (the header is line 1), where a spreadsheet or an editor finds it.
"""

import csv
import io
import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from ..errors import InvalidRequest, Problem
from .bounded import CSV_LIMIT, check_size, read_bounded

TEXT = ("store", "placement")
NUMBERS = ("spend", "conversions", "revenue")
OPTIONAL = ("impressions", "clicks")
COUNTS = ("conversions", "impressions", "clicks")
REQUIRED = (*TEXT, "week", *NUMBERS)
MOST_PROBLEMS = 50  # past these, one line says how many more: a wrong file is not 500k lines


@dataclass
class Results:
    store: np.ndarray  # object (str)
    placement: np.ndarray
    week_day: np.ndarray  # int64 day number (date.toordinal) of the week's Monday
    spend: np.ndarray
    conversions: np.ndarray
    revenue: np.ndarray

    def __len__(self) -> int:
        return len(self.spend)


class Problems:
    """Every problem found, as data (``optimizer.words`` says them in English)."""

    def __init__(self):
        self.found: list[Problem] = []
        self.more = 0

    def add(self, path: str, code: str, **params) -> None:
        if len(self.found) < MOST_PROBLEMS:
            self.found.append(Problem(path, code, params))
        else:
            self.more += 1

    def raise_any(self) -> None:
        if self.found:
            extra = [Problem("results", "more_problems", {"count": self.more})] if self.more else []
            raise InvalidRequest(self.found + extra)


def read_results(path: str) -> Results:
    """The rows of a CSV file, a Parquet file or a directory of Parquet files."""
    source = Path(path)
    if source.is_dir():
        files = sorted(p for p in source.iterdir() if p.suffix.lower() in (".parquet", ".pq"))
        if not files:
            raise InvalidRequest([Problem(path, "results_no_parquet")])
    elif source.exists():
        files = [source]
    else:
        raise InvalidRequest([Problem(path, "results_no_such_path")])
    problems = Problems()
    parts = []
    for file in files:
        try:
            columns, where = _read_file(file)
        except OSError as error:
            problems.add(str(file), "results_unreadable", reason=str(error.strerror or error))
            continue
        except _Unreadable as error:
            problems.add(str(file), error.code, **error.params)
            continue
        except InvalidRequest as refused:  # too large to read
            for problem in refused.problems:
                problems.add(problem.path, problem.code, **problem.params)
            continue
        parts.append(check_columns(columns, where, problems))
    if not parts:
        problems.raise_any()
    # _where is a list of (file, row) pairs: np.concatenate made it a 2-D array, and a
    # directory mixing a file with rows and one missing a column (no rows) crashed on it
    names = [name for name in parts[0] if name != "_where"]
    merged = {name: np.concatenate([part[name] for part in parts]) for name in names}
    origins = [origin for part in parts for origin in part["_where"]]
    _check_duplicates(merged, origins, problems)
    problems.raise_any()
    return Results(**{k: v for k, v in merged.items() if k != "_where"})


def results_from_rows(rows) -> Results:
    """The portal's rows (dicts, or a dict of columns) through the same checks; problems say
    ``row N, column X``."""
    if isinstance(rows, dict):
        columns = {name: list(values) for name, values in rows.items()}
    else:
        rows = list(rows)
        names = {name for row in rows for name in row}
        columns = {name: [row.get(name) for row in rows] for name in names}
    problems = Problems()
    part = check_columns(columns, _Where("", lambda i: f"row {i + 1}"), problems)
    _check_duplicates(part, part["_where"], problems)
    problems.raise_any()
    return Results(**{k: v for k, v in part.items() if k != "_where"})


class _Unreadable(ValueError):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass
class _Where:
    file: str
    row: object  # index -> "row N" text
    # (row index, cells) of CSV rows longer than the header: "1,000" unquoted splits a number
    # in two and shifts every later cell, which read silently as other, wrong figures.
    long_rows: tuple = ()

    def __call__(self, index: int, column: str | None = None) -> str:
        prefix = f"{self.file}: " if self.file else ""
        return prefix + self.row(index) + (f", column {column}" if column else "")


def _read_file(file: Path):
    with open(file, "rb") as handle:
        magic = handle.read(4)
    if magic == b"PAR1" or file.suffix.lower() in (".parquet", ".pq"):
        return _read_parquet(file)
    return _read_csv(file)


def _read_csv(file: Path):
    if file.is_file():
        check_size(str(file), CSV_LIMIT, str(file))
        handle = open(file, newline="", encoding="utf-8-sig")  # noqa: SIM115
    else:  # a device or a pipe (/dev/zero): its size is known only by reading it
        raw = read_bounded(str(file), CSV_LIMIT, str(file))
        handle = io.TextIOWrapper(io.BytesIO(raw), newline="", encoding="utf-8-sig")
    try:
        with handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise _Unreadable("results_empty_file")
            header = [name.strip().lower() for name in header]
            repeated = sorted({name for name in header if name and header.count(name) > 1})
            if repeated:  # the last one silently won: which spend was meant is not ours to guess
                raise _Unreadable("results_repeated_column", names=", ".join(repeated))
            values = [[] for _ in header]
            lines, long_rows = [], []
            for record in reader:
                if not any(cell.strip() for cell in record):
                    continue  # a blank line at the end is not a row
                if any(cell.strip() for cell in record[len(header) :]):
                    long_rows.append((len(lines), len(record)))
                lines.append(reader.line_num)
                for j in range(len(header)):
                    values[j].append(record[j] if j < len(record) else "")
    except UnicodeDecodeError as error:
        raise _Unreadable("results_not_utf8", byte=error.start + 1) from None
    except csv.Error as error:
        raise _Unreadable("results_not_csv", reason=str(error)) from None
    columns = dict(zip(header, values, strict=True))
    where = _Where(str(file), lambda i: f"row {i + 1} (line {lines[i]})", tuple(long_rows))
    return columns, where


def _read_parquet(file: Path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(file)
    except (pa.ArrowException, ValueError) as error:
        raise _Unreadable("results_not_parquet", reason=" ".join(str(error).split())) from None
    columns = {}
    names = [name.strip().lower() for name in table.column_names]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise _Unreadable("results_repeated_column", names=", ".join(repeated))
    for name in table.column_names:
        column = table.column(name)
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        if pa.types.is_timestamp(column.type):
            column = column.cast(pa.date32())
        kind = column.type
        if pa.types.is_nested(kind) or pa.types.is_boolean(kind) or pa.types.is_binary(kind):
            # a list per cell, or True/False, is no figure nor id (a list crashed the fit)
            raise _Unreadable("results_column_type", column=name.strip(), kind=str(kind))
        columns[name.strip().lower()] = column.to_pylist()
    return columns, _Where(str(file), lambda i: f"row {i + 1}")


def check_columns(columns: dict, where: _Where, problems: Problems) -> dict:
    missing = [name for name in REQUIRED if name not in columns]
    file = f"{where.file}: " if where.file else ""
    for name in missing:
        problems.add(f"{file}column {name}", "results_missing_column", needed=", ".join(REQUIRED))
    if missing:
        return _empty(where)
    count = len(columns["store"])
    if count == 0:
        problems.add(where.file or "rows", "results_no_rows")
        return _empty(where)
    out = {"_where": [(where, i) for i in range(count)]}
    for i, cells in where.long_rows:
        problems.add(where(i), "results_extra_cells", cells=cells, columns=len(columns))
    for name in TEXT:
        values = np.array([_text(v) for v in columns[name]], dtype=object)
        for i in np.flatnonzero(values == ""):
            problems.add(where(i, name), "results_empty_text")
        out[name] = values
    out["week_day"] = _weeks(columns["week"], where, problems)
    for name in (*NUMBERS, *OPTIONAL):
        if name in columns:
            numbers = _numbers(columns[name], where, name, problems, optional=name in OPTIONAL)
            if name in COUNTS:  # counts are counts: 1.5 conversions is a slip, not a figure
                for i in np.flatnonzero(numbers != np.floor(numbers)):
                    problems.add(where(i, name), "results_not_whole", shown=f"{numbers[i]:g}")
            if name in NUMBERS:
                out[name] = numbers
    return out


def _empty(where):
    return {"_where": [], "store": np.array([], dtype=object),
            "placement": np.array([], dtype=object), "week_day": np.array([], dtype=np.int64),
            **{name: np.array([]) for name in NUMBERS}}  # fmt: skip


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _weeks(values, where, problems) -> np.ndarray:
    days = np.zeros(len(values), dtype=np.int64)
    for i, value in enumerate(values):
        if isinstance(value, date):
            day = value
        else:
            text = _text(value)
            try:
                day = date.fromisoformat(text)
                if len(text) != 10:
                    raise ValueError
            except ValueError:
                shown = f"'{text}'" if text else "nothing"
                problems.add(where(i, "week"), "results_not_a_date", shown=shown)
                continue
        if day.weekday() != 0:
            problems.add(
                where(i, "week"), "results_not_monday", day=day.isoformat(),
                weekday=day.strftime("%A"),
            )  # fmt: skip
            continue
        if day < FIRST_WEEK:
            problems.add(
                where(i, "week"), "results_week_too_early", day=day.isoformat(),
                first=FIRST_WEEK.isoformat(),
            )  # fmt: skip
            continue
        days[i] = day.toordinal()
    _far_weeks(days, where, problems)
    return days


# A week before online ads, or years away from all the others, is a typo (0001-01-01,
# 2099-12-28): one such row once stretched every store's week axis over 110,000 weeks (959 GB
# asked of the memory). No "today" is used, so simulated or replayed markets still read.
FIRST_WEEK = date(2000, 1, 3)
FARTHEST_WEEKS = 520  # from the middle of the results: ten years


def _far_weeks(days: np.ndarray, where, problems) -> None:
    given = days[days > 0]
    if not given.size:
        return
    middle = int(np.median(given))
    middle -= date.fromordinal(middle).weekday()
    for i in np.flatnonzero((days > 0) & (np.abs(days - middle) > 7 * FARTHEST_WEEKS)):
        day = int(days[i])
        problems.add(
            where(int(i), "week"), "results_week_far", day=date.fromordinal(day).isoformat(),
            middle=date.fromordinal(middle).isoformat(), weeks=abs(day - middle) // 7,
            most=FARTHEST_WEEKS,
        )  # fmt: skip


# Past these a row is a typo or a unit slip (fen for yuan), not a week of one placement, and
# the fit's arithmetic overflowed to curves of null (exit 0) on them: the plan's own limits.
LARGEST = {"spend": 1e12, "revenue": 1e12}
LARGEST_COUNT = 1e13  # conversions, impressions, clicks


def _numbers(values, where, name, problems, optional=False) -> np.ndarray:
    largest = LARGEST.get(name, LARGEST_COUNT)
    try:  # most files are clean: one vectorised conversion, and row by row only if not
        numbers = np.asarray(values, dtype=float)
        if np.all(np.isfinite(numbers) & (numbers >= 0) & (numbers <= largest)):
            return numbers
    except (TypeError, ValueError):
        pass
    numbers = np.zeros(len(values))
    for i, value in enumerate(values):
        text = _text(value)
        if optional and text == "":
            continue
        try:
            number = float(text) if not isinstance(value, int | float) else float(value)
        except ValueError:
            shown = f"'{text}'" if text else "nothing"
            problems.add(where(i, name), "results_not_a_number", shown=shown)
            continue
        if not math.isfinite(number) or number < 0:
            problems.add(where(i, name), "results_negative", shown=text)
            continue
        if number > largest:
            problems.add(where(i, name), "results_too_large_number", shown=text, most=largest)
            continue
        numbers[i] = number
    return numbers


def _check_duplicates(columns, origins, problems) -> None:
    first: dict = {}
    rows = zip(columns["store"], columns["placement"], columns["week_day"].tolist(), strict=True)
    for i, key in enumerate(rows):
        if key[2] == 0:  # its week is already a problem
            continue
        earlier = first.setdefault(key, i)
        if earlier == i:
            continue
        where, index = origins[i]
        earlier_where, earlier_index = origins[earlier]
        week = date.fromordinal(key[2]).isoformat()
        same_file = earlier_where.file == where.file
        earlier_text = (earlier_where.row if same_file else earlier_where)(earlier_index)
        problems.add(
            where(index, "week"), "results_repeated_week", store=key[0], placement=key[1],
            week=week, earlier=earlier_text,
        )  # fmt: skip
