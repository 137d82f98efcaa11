"""A worker's plan trimmed, summed and written a slice of merchants at a time.

The whole plan's figures (spend, units, clicks, conversions, revenue per rate) and its rows
as Arrow tables cost about 110 bytes a rate at once: at 50 million rates a worker that was
more than the whole price search. Each step here is per merchant (budgets, floors) or a sum,
so it runs on slices of ``SLICE_MERCHANTS`` merchants; the few sums that decide something
(the objective, what counts as noise) are taken over one array of every rate, as the whole
plan's own sums are, so the answer is the same to the last digit.
"""

import numpy as np
import pyarrow.parquet as pq

from ..curves import objective_per_rate
from ..parquet import rows_of
from ..planning import OPTIMAL, PlatformResult, _within_budgets, _without_noise
from ..validation import PlatformRequest

SLICE_MERCHANTS = 16_384
TOTALS = ("spend", "clicks", "conversions", "revenue")


def slices(request: PlatformRequest):
    """(the request of some merchants, their rates' positions) for each slice; the rates are
    in merchant order, as requests are built."""
    merchants = len(request.merchant_ids)
    edges = np.arange(0, merchants + SLICE_MERCHANTS, SLICE_MERCHANTS).clip(max=merchants)
    cuts = np.searchsorted(request.rate_merchant, edges)
    for i in range(len(edges) - 1):
        first, last, rates = edges[i], edges[i + 1], slice(cuts[i], cuts[i + 1])
        if first == last:
            continue
        yield PlatformRequest(
            request.objective, request.placement_ids, request.cpm, request.price,
            request.placement_ctr, request.capacity, request.merchant_ids[first:last],
            request.budget[first:last], request.min_roas[first:last],
            request.rate_merchant[rates] - first, request.rate_placement[rates],
            request.cvr[rates], request.aov[rates], request.ctr[rates],
            request.half_spend[rates],
        ), rates  # fmt: skip


def objective_total(request: PlatformRequest, spend: np.ndarray) -> float:
    """The plan's objective, summed over one array of every rate (as the whole plan's is)."""
    value = np.empty(len(spend))
    for part, rates in slices(request):
        value[rates] = objective_per_rate(part, spend[rates])
    return float(value.sum())


def trimmed(request: PlatformRequest, spend: np.ndarray) -> np.ndarray:
    """``_without_noise(_within_budgets(spend))`` of the whole plan, in place."""
    for part, rates in slices(request):
        spend[rates] = _within_budgets(part, spend[rates])
    total = objective_total(request, spend)
    for part, rates in slices(request):
        spend[rates] = _without_noise(part, spend[rates], total)
    return spend


def summed(request: PlatformRequest, spend: np.ndarray) -> tuple[dict, int, float]:
    """The plan's totals, its allocation rows and the objective its figures are trimmed by."""
    total = objective_total(request, spend)
    totals, rows = dict.fromkeys(TOTALS, 0.0), 0
    for part, rates in slices(request):
        figures = PlatformResult(OPTIMAL, part, spend=spend[rates]).figures(total)
        for name in TOTALS:
            totals[name] += float(figures[name].sum())
        rows += int(np.count_nonzero(figures["spend"]))
    return totals, rows, total


def write_rows(request: PlatformRequest, spend: np.ndarray, total: float, fs, root: str,
               name: str) -> None:  # fmt: skip
    """``root/allocations/name`` and ``root/merchant_totals/name``, a row group per slice."""
    writers = {}
    try:
        for part, rates in slices(request):
            tables = rows_of(PlatformResult(OPTIMAL, part, spend=spend[rates]), total)
            for folder, table in zip(("allocations", "merchant_totals"), tables, strict=True):
                if folder not in writers:
                    fs.create_dir(f"{root}/{folder}", recursive=True)
                    writers[folder] = pq.ParquetWriter(f"{root}/{folder}/{name}", table.schema,
                                                       filesystem=fs)  # fmt: skip
                writers[folder].write_table(table)
        if not writers:  # no merchant in this shard: its parts are there, empty
            tables = rows_of(PlatformResult(OPTIMAL, request, spend=spend), total)
            for folder, table in zip(("allocations", "merchant_totals"), tables, strict=True):
                fs.create_dir(f"{root}/{folder}", recursive=True)
                pq.write_table(table, f"{root}/{folder}/{name}", filesystem=fs)
    finally:
        for writer in writers.values():
            writer.close()
