"""The driver of a partitioned platform plan: it reads the request and the placements, starts
one worker per shard, runs the price search over the placements (``decomposed.prices``) and
sums what the workers say. It holds what is per placement (prices, capacities, units sold)
and per shard (a few numbers), never a merchant's row or a rate: its memory does not grow
with the market.

Without master rounds or chords (both need every rate in one place) the price search alone
must close the gap; when it cannot, the plan stands and the gap is said, as elsewhere.
"""

import dataclasses
import json
import time

import numpy as np
import pyarrow as pa
import pyarrow.dataset as ds

from ...errors import InvalidRequest, Problem
from ..parquet import _capped, check_columns, placement_arrays
from ..planning import OPTIMAL, PlatformResult
from ..validation import PLATFORM_OBJECTIVES, PlatformRequest
from .source import location, open_source
from .worker import peak_memory_mb

TOTALS = ("spend", "clicks", "conversions", "revenue")


def plan_partitioned(source: str, out: str, engine_name: str, gap: float,
                     workers: int | None, warm: str | None = None) -> dict:  # fmt: skip
    """The JSON answer; the rows are written by the workers under ``out``. ``warm``: a
    previous answer whose prices start the price search (``warm``)."""
    from ..decomposed.prices import decompose

    started = time.perf_counter()
    try:
        fs, root = open_source(source)
        objective = _objective(fs, root)
        placements = _placements(fs, root)
    except (OSError, pa.ArrowException) as error:  # an unknown bucket, no credentials
        reason = " ".join(str(error).split())
        where = {"source": source, "reason": reason}
        raise InvalidRequest([Problem("source", "unreadable_source", where)]) from None
    problems: list[Problem] = []
    arrays = placement_arrays(placements, problems)
    if problems:
        raise InvalidRequest(_capped(problems))
    ids, cpm, price, ctr, capacity, _ = arrays
    request = PlatformRequest(
        objective, ids, cpm, price, ctr, np.where(np.isnan(capacity), np.inf, capacity),
        [], np.zeros(0), np.zeros(0), *(np.zeros(0, int),) * 2, *(np.zeros(0),) * 4,
    )  # fmt: skip
    start = None
    if warm is not None:  # read before any worker starts: a wrong file costs nothing
        from .warm import previous_prices

        start = previous_prices(warm, list(ids))
    if engine_name == "ray":
        from .engines import RayPartitionedEngine

        engine = RayPartitionedEngine(source, workers, objective, placements)
        begun = time.perf_counter()  # Ray is up; its actors read in the background
    else:
        from .engines import local_engine

        begun = time.perf_counter()  # in process, the workers read as they are made
        engine = local_engine(source, workers or 1, objective, placements)
    try:
        summaries = engine.summaries()
        _raise_problems(summaries)
        read = time.perf_counter()  # the workers have read and checked their merchants
        if start is None:
            found = decompose(request, engine, gap, master=False, warm=False)
        else:
            from .warm import warm_search

            found = warm_search(request, engine, gap, start)
        if found.bound - found.value > gap * abs(found.bound):
            from .mixing import mixed_rounds

            bound, _, prices = mixed_rounds(request, engine, found, gap)
            found = dataclasses.replace(found, bound=bound, prices=prices)
        searched = time.perf_counter()
        finished = engine.finish()
        engine.write(out)
    finally:
        engine.close()
    value = sum(part["objective_value"] for part in finished)
    result = PlatformResult(
        OPTIMAL, request, value, None, found.prices, bound=found.bound, method="decomposed",
        engine=engine_name, price_iterations=found.evaluations,
        seconds_per_iteration=found.seconds_per_evaluation,
    )  # fmt: skip
    result.seconds = time.perf_counter() - started
    totals = {name: sum(part["totals"][name] for part in finished) for name in TOTALS}
    totals["roas"] = totals["revenue"] / totals["spend"] if totals["spend"] > 0 else 0.0
    base = out.rstrip("/")
    return {
        **result.summary(),
        "totals": totals,
        "merchants": sum(part["merchants"] for part in summaries),
        "rates": sum(part["rates"] for part in summaries),
        "shards": len(summaries),
        "allocations": f"{base}/allocations/",
        "merchant_totals": f"{base}/merchant_totals/",
        "allocation_rows": sum(part["allocation_rows"] for part in finished),
        # where the time went: reading and checking, the prices, trimming and writing
        "seconds_starting": round(begun - started, 3),
        "seconds_reading": round(read - begun, 3),
        "seconds_prices": round(searched - read, 3),
        "seconds_writing": round(time.perf_counter() - searched, 3),
        "warm": warm is not None,
        "cpu_seconds": {
            "driver": round(time.process_time(), 3),
            "workers": [round(part["cpu_seconds"], 3) for part in finished],
            "workers_reading": [round(part["cpu_seconds_reading"], 3) for part in summaries],
        },
        # in process (--engine local) the workers' peak is the driver's own
        "peak_memory_mb": {
            "driver": peak_memory_mb(),
            "workers": [part["peak_memory_mb"] for part in finished],
        },
    }


def _objective(fs, root: str) -> str:
    try:
        with fs.open_input_stream(f"{root}/request.json") as stream:
            text = stream.read().decode("utf-8-sig")
    except FileNotFoundError:
        return "revenue"
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        reason = {"reason": " ".join(str(error).split())}
        raise InvalidRequest([Problem("request.json", "unreadable_json", reason)]) from None
    objective = data.get("objective", "revenue") if isinstance(data, dict) else None
    if objective not in PLATFORM_OBJECTIVES:
        choices = {"choices": list(PLATFORM_OBJECTIVES)}
        raise InvalidRequest([Problem("request.json.objective", "one_of", choices)])
    return objective


def _placements(fs, root: str) -> pa.Table:
    where = location(fs, root, "placements")
    if where is None:
        raise InvalidRequest([Problem("placements.parquet", "missing_file")])
    table = ds.dataset(where, filesystem=fs, format="parquet").to_table()
    problems: list[Problem] = []
    check_columns(table.schema, "placements.parquet", "placements.parquet", problems)
    if table.num_rows == 0:
        problems.append(Problem("placements.parquet", "no_rows"))
    if problems:
        raise InvalidRequest(problems)
    return table


def _raise_problems(summaries: list[dict]) -> None:
    """Every worker's problems, each said once (a folder's missing column is every
    worker's), and a table without a row in any file."""
    seen, problems, more = set(), [], 0
    for part in summaries:
        for problem in part["problems"]:
            if problem.code == "more_problems":
                more += problem.params["count"]
            elif (key := (problem.path, problem.code, repr(problem.params))) not in seen:
                seen.add(key)
                problems.append(problem)
    for stem in ("merchants", "rates"):
        if not problems and sum(part["rows"][stem] for part in summaries) == 0:
            problems.append(Problem(f"{stem}/", "no_rows"))
    if problems:
        capped = _capped(problems)
        if more:
            capped.append(Problem("request", "more_problems", {"count": more}))
        raise InvalidRequest(capped)
