"""The platform plan's Parquet form (OPTIMIZER.md section 3), read and written as whole columns.

A directory holds ``request.json`` ({"objective": ...}), ``placements.parquet`` (id, pricing,
price, ctr, capacity, half_spend), ``merchants.parquet`` (id, budget, min_roas) and
``rates.parquet`` (merchant, placement, cvr, aov, ctr, half_spend). Nullable columns may be
absent and text columns dictionary-encoded. Millions of rows never become Python objects:
ids are matched with Arrow's hash join and every value is checked on whole arrays; problems
name the file, the row and the column (``rates.parquet[12].cvr: must be between 0 and 1``).
"""

import json
import math
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..checks import MAX_MONEY, MAX_UNITS
from ..errors import InvalidRequest, Problem
from .validation import MAX_PROBLEMS, MIN_HALF_SPEND, PLATFORM_OBJECTIVES, PlatformRequest

TEXT_COLUMNS = {
    "placements.parquet": ("id", "pricing"),
    "merchants.parquet": ("id",),
    "rates.parquet": ("merchant", "placement"),
}
COLUMNS = {
    "placements.parquet": (("id", "pricing", "price"), ("ctr", "capacity", "half_spend")),
    "merchants.parquet": (("id", "budget"), ("min_roas",)),
    "rates.parquet": (("merchant", "placement", "cvr", "aov"), ("ctr", "half_spend")),
}


def read_platform_directory(directory: str) -> PlatformRequest:
    root = Path(directory)
    problems: list[Problem] = []
    objective = _objective(root, problems)
    tables = {name: _table(root / name, required, optional, problems)
              for name, (required, optional) in COLUMNS.items()}  # fmt: skip
    if problems:
        raise InvalidRequest(problems)
    return request_from_tables(objective, tables)


def placement_arrays(placements: pa.Table, problems: list[Problem], after_ids=None) -> tuple:
    """ids, cpm, price, ctr, capacity (nan: none), half_spend (nan: none), checked;
    ``after_ids`` runs between the ids' checks and the numbers' (the problems' order)."""
    placement_ids = _texts(placements["id"])
    pricing = _texts(placements["pricing"])
    for row, value in enumerate(pricing):
        if value not in ("cpc", "cpm"):
            problems.append(Problem(f"placements.parquet[{row}].pricing", "cpc_or_cpm"))
    _unique(placement_ids, "placements.parquet", problems)
    if after_ids is not None:
        after_ids()
    cpm = np.array([value == "cpm" for value in pricing])
    price = _numbers(placements, "price", "placements.parquet", problems, 1e-4, MAX_MONEY)
    placement_ctr = _numbers(placements, "ctr", "placements.parquet", problems, 0, 1)
    capacity = _numbers(placements, "capacity", "placements.parquet", problems, 0, MAX_UNITS)
    placement_half = _numbers(
        placements, "half_spend", "placements.parquet", problems, MIN_HALF_SPEND, MAX_MONEY
    )
    return placement_ids, cpm, price, placement_ctr, capacity, placement_half


def request_from_tables(objective: str, tables: dict) -> PlatformRequest:
    """The three tables (already checked for their columns) as a request, every value
    checked; problems name ``<file>[row].column`` with the tables' own row numbers."""
    problems: list[Problem] = []
    placements, merchants, rates = (tables[name] for name in COLUMNS)
    merchant_column = pc.cast(_plain(merchants["id"]), pa.string())
    placement_ids, cpm, price, placement_ctr, capacity, placement_half = placement_arrays(
        placements, problems,
        lambda: _unique_column(merchant_column, "merchants.parquet", problems),
    )  # fmt: skip
    budget = _numbers(merchants, "budget", "merchants.parquet", problems, 0.01, MAX_MONEY)
    min_roas = _numbers(merchants, "min_roas", "merchants.parquet", problems, 0, 1e6)

    rate_merchant = _index(rates["merchant"], merchant_column, "merchant", problems)
    rate_placement = _index(rates["placement"], pa.array(placement_ids), "placement", problems)
    _unique_pairs(rate_merchant, rate_placement, len(placement_ids), problems)
    # the ids' texts are read: let them go (the caller's dict held the only table)
    rates = tables["rates.parquet"] = rates.drop_columns(
        [name for name in ("merchant", "placement") if name in rates.column_names]
    )
    cvr = _numbers(rates, "cvr", "rates.parquet", problems, 0, 1)
    aov = _numbers(rates, "aov", "rates.parquet", problems, 0.01, MAX_MONEY)
    own_ctr = _numbers(rates, "ctr", "rates.parquet", problems, 0, 1)
    own_half = _numbers(rates, "half_spend", "rates.parquet", problems, MIN_HALF_SPEND, MAX_MONEY)
    for file, name, values in (("placements", "price", price), ("merchants", "budget", budget),
                               ("rates", "cvr", cvr), ("rates", "aov", aov)):  # fmt: skip
        if Problem(f"{file}.parquet.{name}", "not_numeric_column") in problems:
            continue  # said once for the column, not once per row
        table = tables[f"{file}.parquet"]
        null = table[name].is_null().to_numpy(zero_copy_only=False)  # NaN is said already
        for row in np.flatnonzero(np.isnan(values) & null)[:MAX_PROBLEMS]:
            problems.append(Problem(f"{file}.parquet[{row}].{name}", "required"))
    if problems:
        raise InvalidRequest(_capped(problems))

    ctr = np.where(np.isnan(own_ctr), placement_ctr[rate_placement], own_ctr)
    missing_ctr = np.flatnonzero(cpm[rate_placement] & np.isnan(ctr))
    for row in missing_ctr[:MAX_PROBLEMS]:
        problems.append(Problem(f"rates.parquet[{row}].ctr", "required_cpm_ctr_parquet"))
    if problems:
        raise InvalidRequest(_capped(problems))
    del own_ctr, missing_ctr
    half = np.where(np.isnan(own_half), placement_half[rate_placement], own_half)
    del own_half
    half[np.isnan(half)] = np.inf
    # rates usually come in merchant order: then no reordered copy of every column
    ordered = bool(np.all(rate_merchant[1:] >= rate_merchant[:-1]))
    order = slice(None) if ordered else np.argsort(rate_merchant, kind="stable")
    return PlatformRequest(
        objective, placement_ids, cpm, price, placement_ctr,
        np.where(np.isnan(capacity), np.inf, capacity), merchant_column.to_pylist(), budget,
        min_roas, rate_merchant[order], rate_placement[order], cvr[order], aov[order],
        ctr[order], half[order],
    )  # fmt: skip


def write_platform_directory(result, directory: str) -> dict:
    """allocations.parquet and merchant_totals.parquet; returns the JSON naming them."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    allocations, totals = rows_of(result)
    pq.write_table(allocations, root / "allocations.parquet")
    pq.write_table(totals, root / "merchant_totals.parquet")
    return {
        **result.summary(),
        "allocations": str(root / "allocations.parquet"),
        "merchant_totals": str(root / "merchant_totals.parquet"),
        "allocation_rows": allocations.num_rows,
    }


def rows_of(result, total: float | None = None) -> tuple[pa.Table, pa.Table]:
    """The allocations (rates with positive spend) and the merchants' totals, as tables
    (``total``: the whole plan's objective, where ``result`` is a slice of it)."""
    request = result.request
    figures = result.figures(total)
    positive = np.flatnonzero(figures["spend"])
    merchant_ids = pa.array(request.merchant_ids, pa.string())
    placement_ids = pa.array(request.placement_ids, pa.string())
    allocations = {
        "merchant": pc.take(merchant_ids, pa.array(request.rate_merchant[positive])),
        "placement": pc.take(placement_ids, pa.array(request.rate_placement[positive])),
        **{name: pa.array(values[positive], pa.float64()) for name, values in figures.items()},
    }
    merchants = len(request.merchant_ids)
    totals = {name: np.bincount(request.rate_merchant, weights=figures[name], minlength=merchants)
              for name in ("spend", "clicks", "conversions", "revenue")}  # fmt: skip
    with np.errstate(invalid="ignore", divide="ignore"):
        totals["roas"] = np.where(totals["spend"] > 0, totals["revenue"] / totals["spend"], 0.0)
    table = pa.table(
        {"merchant": merchant_ids, **{k: pa.array(v, pa.float64()) for k, v in totals.items()}}
    )
    return pa.table(allocations), table


def _objective(root: Path, problems: list[Problem]) -> str:
    try:
        data = json.loads((root / "request.json").read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        return "revenue"
    except (OSError, ValueError, RecursionError) as error:  # RecursionError: "[" * 100000
        problems.append(Problem("request.json", "unreadable_json", {"reason": _one_line(error)}))
        return "revenue"
    objective = data.get("objective", "revenue") if isinstance(data, dict) else None
    if objective not in PLATFORM_OBJECTIVES:
        choices = {"choices": list(PLATFORM_OBJECTIVES)}
        problems.append(Problem("request.json.objective", "one_of", choices))
    return objective


def _table(path: Path, required, optional, problems) -> pa.Table | None:
    try:
        table = pq.read_table(path)
    except FileNotFoundError:
        problems.append(Problem(path.name, "missing_file"))
        return None
    except (OSError, pa.ArrowException) as error:
        problems.append(Problem(path.name, "unreadable_parquet", {"reason": _one_line(error)}))
        return None
    check_columns(table.schema, path.name, path.name, problems, text=False)
    if table.num_rows == 0:
        problems.append(Problem(path.name, "no_rows"))
    for name in TEXT_COLUMNS.get(path.name, ()):
        if name in table.column_names and not _is_text(table[name].type):
            kind = str(table[name].type)
            problems.append(Problem(f"{path.name}.{name}", "not_text_column", {"kind": kind}))
        elif name in table.column_names:
            try:  # binary that is not UTF-8 failed this cast later, an internal error
                pc.cast(_plain(table[name]), pa.string())
            except pa.ArrowInvalid:
                problems.append(Problem(f"{path.name}.{name}", "not_utf8_column"))
    return table


def check_columns(schema: pa.Schema, kind: str, file: str, problems: list[Problem],
                  text: bool = True) -> None:  # fmt: skip
    """Required, unknown and (with ``text``) text columns of one file of ``kind``
    (``rates.parquet``...), its problems named by ``file``."""
    required, optional = COLUMNS[kind]
    for name in required:
        if name not in schema.names:
            problems.append(Problem(f"{file}.{name}", "required_column"))
    for name in sorted(set(schema.names) - set(required) - set(optional)):
        problems.append(Problem(f"{file}.{name}", "unknown_column"))
    for name in TEXT_COLUMNS.get(kind, ()) if text else ():
        if name in schema.names and not _is_text(schema.field(name).type):
            kind_said = str(schema.field(name).type)
            problems.append(Problem(f"{file}.{name}", "not_text_column", {"kind": kind_said}))


def _one_line(error: Exception) -> str:
    """Arrow's messages run over several lines; standard error holds one line a problem."""
    return " ".join(str(error).split())


def _is_text(kind: pa.DataType) -> bool:
    if pa.types.is_dictionary(kind):
        kind = kind.value_type
    return (
        pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind)
        or pa.types.is_binary(kind) or pa.types.is_large_binary(kind)
        or pa.types.is_integer(kind)
    )  # fmt: skip


def _plain(column):
    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    return column.dictionary_decode() if pa.types.is_dictionary(column.type) else column


def _texts(column) -> list:
    return pc.cast(_plain(column), pa.string()).to_pylist()


def _unique(ids: list, file: str, problems: list[Problem]) -> None:
    seen: set = set()
    for row, value in enumerate(ids):
        if not value:
            problems.append(Problem(f"{file}[{row}].id", "empty_text"))
        elif value in seen:
            problems.append(Problem(f"{file}[{row}].id", "duplicate_id", {"id": value}))
        seen.add(value)


def _unique_pairs(merchant: np.ndarray, placement: np.ndarray, placements: int, problems) -> None:
    """One rate per merchant and placement, as in the JSON form (where the rates are keyed by
    placement): a second would be a second, independent variable on the same inventory."""
    key = merchant.astype(np.int64) * max(placements, 1) + placement
    unknown = (merchant < 0) | (placement < 0)  # named already, never repeated
    ordered = np.sort(key[~unknown]) if unknown.any() else np.sort(key)
    if not (np.diff(ordered) == 0).any():  # the usual case: a sorted copy and nothing more
        return
    del ordered
    key = np.where(unknown, -1 - np.arange(len(key)), key)
    order = np.argsort(key, kind="stable")
    repeated = order[1:][np.diff(key[order]) == 0]
    for row in np.sort(repeated)[:MAX_PROBLEMS]:
        problems.append(Problem(f"rates.parquet[{row}]", "repeated_rate"))


def _unique_column(ids: pa.Array, file: str, problems: list[Problem]) -> None:
    if ids.null_count or len(pc.unique(ids)) != len(ids):
        counts = pc.value_counts(ids)
        twice = [item["values"] for item in counts.to_pylist() if item["counts"] > 1][:5]
        problems.append(Problem(f"{file}.id", "ids_not_unique", {"repeated": twice}))


def _numbers(table, name, file, problems, low, high) -> np.ndarray:
    if name not in table.column_names:
        return np.full(table.num_rows, math.nan)
    column = _plain(table[name])
    if pa.types.is_null(column.type):  # a column of nothing but nulls: all missing
        return np.full(table.num_rows, math.nan)
    if not (pa.types.is_integer(column.type) or pa.types.is_floating(column.type)):
        problems.append(Problem(f"{file}.{name}", "not_numeric_column"))
        return np.full(table.num_rows, math.nan)
    values = column.to_numpy(zero_copy_only=False).astype(float, copy=False)
    # a null is a missing value; a NaN is a value that is not a number (a capacity of NaN
    # is not "unlimited", nor a floor of NaN "none")
    missing = column.is_null().to_numpy(zero_copy_only=False)
    for row in np.flatnonzero(np.isnan(values) & ~missing)[:MAX_PROBLEMS]:
        problems.append(Problem(f"{file}[{row}].{name}", "nan_number", {"low": low, "high": high}))
    with np.errstate(invalid="ignore"):
        bad = np.flatnonzero(~np.isnan(values) & ~((values >= low) & (values <= high)))
    for row in bad[:MAX_PROBLEMS]:
        problems.append(Problem(f"{file}[{row}].{name}", "number_from", {"low": low, "high": high}))
    return values


def _index(column, ids: pa.Array, name: str, problems: list[Problem]) -> np.ndarray:
    keys = pc.cast(_plain(column), pa.string())
    index = pc.index_in(keys, value_set=ids)
    unknown = np.flatnonzero(index.is_null().to_numpy(zero_copy_only=False))
    for row in unknown[:MAX_PROBLEMS]:
        problems.append(
            Problem(f"rates.parquet[{row}].{name}", "unknown_row", {"table": f"{name}s.parquet"})
        )
    # -1: unknown; 32-bit where the ids allow it (8 bytes a rate less, exact below 2³¹ ids)
    kind = np.int32 if len(ids) < 2**31 else np.int64
    return index.fill_null(-1).to_numpy(zero_copy_only=False).astype(kind)


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = Problem("request", "more_problems", {"count": len(problems) - MAX_PROBLEMS})
    return [*problems[:MAX_PROBLEMS], more]
