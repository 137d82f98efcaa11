"""One shard of merchants, from its own reading to its own part of the answer.

A worker (a Ray actor, or an object in the driver's process for ``--engine local``) reads and
checks its merchants and their rates, answers the prices as the decomposed engine's shards
do, and at the end writes its allocations and merchant totals as its own Parquet part. What
goes back to the driver is per placement (units sold) or a few numbers.
"""

import re
import time

import numpy as np
import pyarrow as pa

from ...errors import InvalidRequest, Problem
from ..curves import objective_per_rate
from ..parquet import request_from_tables
from .finishing import objective_total, summed, trimmed, write_rows
from .reading import read_share
from .source import one_reader_at_a_time, open_source, reading_need

ROW_PATH = re.compile(r"^(merchants|rates)\.parquet\[(\d+)\](.*)$", re.DOTALL)
COLUMN_PATH = re.compile(r"^(merchants|rates)\.parquet(\..*)?$", re.DOTALL)
TOTALS = ("spend", "clicks", "conversions", "revenue")
# Plans kept for the mixing rounds (``mixing``) where linear rates are present, and the groups
# of merchants a shard's plans are mixed by: a stand-in for the per-merchant master, which
# would need every merchant in the driver.
KEPT_PLANS, GROUPS = 4, 32


class PartitionWorker:
    def __init__(self, source: str, shard: int, shards: int, objective: str,
                 placements: pa.Table):  # fmt: skip
        from ..decomposed.local_engine import LocalEngine  # numba: loaded in the worker

        self.shard, self.shards = shard, shards
        self.placement_count = placements.num_rows
        self.engine = None
        self.linear = False
        self.plans: list[np.ndarray] = []
        self.spend: np.ndarray | None = None
        # read in a call of its own: the Arrow tables and the rows' origins are gone before
        # the engine's arrays are made (they would otherwise double the worker's peak);
        # one worker of a machine at a time (reading costs about 180 bytes a rate, holding
        # about 75: two workers reading at once on one machine doubled its peak), unless
        # every worker's reading peak fits in the memory available (``source``)
        fs, root = open_source(source)
        with one_reader_at_a_time(reading_need(fs, root, shard, shards), shards):
            self.request, self.problems, self.rows = _read(source, shard, shards, objective,
                                                           placements)  # fmt: skip
            # Arrow's allocator keeps the read tables' pages for reuse: handed back now
            pa.default_memory_pool().release_unused()
        self.kept: list[np.ndarray] = []
        self.mixed: np.ndarray | None = None
        if self.request is not None and len(self.request.rate_merchant):
            self.engine = LocalEngine(self.request)
            self.linear = not np.isfinite(self.request.half_spend).all()
        self.released = False
        self.reading_cpu = time.process_time()  # this process's CPU until it had read
        self.total = 0.0  # the plan's objective its figures are trimmed by (``finish``)

    def summary(self) -> dict:
        request = self.request
        return {
            "problems": self.problems,
            "rows": self.rows,
            "merchants": len(request.merchant_ids) if request else 0,
            "rates": len(request.rate_merchant) if request else 0,
            "cpu_seconds_reading": self.reading_cpu,
        }

    def solve(self, prices: np.ndarray) -> tuple[float, np.ndarray]:
        if self.engine is None:
            return 0.0, np.zeros(self.placement_count)
        if not self.released:
            # Arrow's allocator keeps the read tables' pages for reuse: handed back once the
            # reading is over (at the end of __init__ it returned nothing yet); measured at
            # 1.75M rates a worker, 748 MB resident before, 604 MB after
            pa.default_memory_pool().release_unused()
            self.released = True
        answer = self.engine.solve(prices)
        if self.linear:  # all-or-nothing answers: kept to be mixed if the gap stays open
            self.kept = [*self.kept[-(KEPT_PLANS - 1) :], self.engine.spend(None)]
        return answer

    def columns(self) -> tuple[np.ndarray, np.ndarray]:
        """Per plan kept (and the plan held) and group of merchants: its objective, and the
        units it buys of each placement."""
        shape = (KEPT_PLANS + 1, GROUPS)
        values, units = np.zeros(shape), np.zeros((*shape, self.placement_count))
        if self.engine is None or self.spend is None:
            self.plans = []
            return values, units
        request = self.request
        self.plans = [*self.kept, self.spend]
        group = request.rate_merchant % GROUPS
        cell = group * self.placement_count + request.rate_placement
        bought = request.units_per_spend
        for k, plan in enumerate(self.plans):
            values[k] = np.bincount(group, objective_per_rate(request, plan), GROUPS)
            units[k] = np.bincount(cell, plan * bought, GROUPS * self.placement_count).reshape(
                GROUPS, self.placement_count
            )
        return values, units

    def mix(self, weights: np.ndarray) -> tuple[float, np.ndarray]:
        """The plans mixed with ``weights`` (plan x group): a budget and a floor hold for a
        mix of plans that hold them, and a concave response is worth at least the mix."""
        if not self.plans:
            return 0.0, np.zeros(self.placement_count)
        request = self.request
        group = request.rate_merchant % GROUPS
        spend = np.zeros(len(request.rate_merchant))
        for k, plan in enumerate(self.plans):
            spend += weights[k][group] * plan
        self.mixed = spend
        units = np.bincount(request.rate_placement, spend * request.units_per_spend,
                            self.placement_count)  # fmt: skip
        return float(objective_per_rate(request, spend).sum()), units

    def adopt(self) -> None:
        if self.mixed is not None:
            self.spend = self.mixed

    def value(self, scale: np.ndarray) -> float:
        return 0.0 if self.engine is None else self.engine.value(scale)

    def curvature(self, prices: np.ndarray) -> np.ndarray:
        """The Hessian of this shard's part of the dual at the last prices solved."""
        from .curvature import shard_curvature

        if self.engine is None:
            return np.zeros((self.placement_count, self.placement_count))
        return np.sum([shard_curvature(s, prices) for _, s in self.engine.parts], axis=0)

    def tight_bound(self, prices: np.ndarray) -> float:
        return 0.0 if self.engine is None else self.engine.tight_bound(prices)

    def keep(self, scale: np.ndarray | None) -> None:
        """The last answer, brought under ``scale``, becomes this shard's plan."""
        if self.engine is not None:
            self.spend = self.engine.spend(scale)

    def finish(self) -> dict:
        """This shard's plan trimmed as the whole plan is (budgets, noise), and its totals."""
        totals = dict.fromkeys(TOTALS, 0.0)
        if self.engine is None or self.spend is None:
            return {"objective_value": 0.0, "totals": totals, "allocation_rows": 0,
                    "peak_memory_mb": peak_memory_mb(),
                    "cpu_seconds": time.process_time()}  # fmt: skip
        request = self.request
        value = objective_total(request, trimmed(request, self.spend))
        totals, rows, self.total = summed(request, self.spend)
        return {
            "objective_value": value,
            "totals": totals,
            "allocation_rows": rows,
            "peak_memory_mb": peak_memory_mb(),
            "cpu_seconds": time.process_time(),  # this process's, reading included
        }

    def write(self, out: str) -> None:
        """``out/allocations/part-NNNNN.parquet`` and ``out/merchant_totals/part-NNNNN.parquet``."""
        fs, root = open_source(out)
        if self.request is None:
            return
        if self.spend is None:  # no rates in this shard: its merchants spend nothing
            self.spend = np.zeros(len(self.request.rate_merchant))
            self.total = 0.0
        name = f"part-{self.shard:05d}.parquet"
        write_rows(self.request, self.spend, self.total, fs, root, name)


def _read(source: str, shard: int, shards: int, objective: str, placements: pa.Table):
    """This shard's request (None on problems), its problems, and the rows read."""
    fs, root = open_source(source)
    problems: list[Problem] = []
    merchants, merchant_origin, merchant_rows = read_share(
        fs, root, "merchants", shard, shards, problems
    )
    rates, rate_origin, rate_rows = read_share(fs, root, "rates", shard, shards, problems)
    pa.default_memory_pool().release_unused()  # the batches' pages, before the arrays are made
    rows = {"merchants": merchant_rows, "rates": rate_rows}
    if problems:
        return None, problems, rows
    tables = {"placements.parquet": placements, "merchants.parquet": merchants,
              "rates.parquet": rates}  # fmt: skip
    del merchants, rates
    try:
        request = request_from_tables(objective, tables)
    except InvalidRequest as invalid:
        origins = {"merchants": merchant_origin, "rates": rate_origin}
        return None, [_named(problem, origins) for problem in invalid.problems], rows
    # indices as 32-bit integers: exact below 2³¹ rates, and 8 bytes a rate less
    request.rate_merchant = request.rate_merchant.astype(np.int32)
    request.rate_placement = request.rate_placement.astype(np.int32)
    return request, problems, rows


def peak_memory_mb() -> float:
    """This process's peak resident memory. /proc's VmHWM first: getrusage's ru_maxrss
    survives exec, so a command started by a program that had grown to 600 MB said 600 MB."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _named(problem: Problem, origins: dict) -> Problem:
    """``rates.parquet[12].cvr`` (a row of this shard's table) as the file and row it came
    from; ``rates.parquet.cvr`` (a whole column) as the folder's."""
    if match := ROW_PATH.match(problem.path):
        stem, row, rest = match.group(1), int(match.group(2)), match.group(3)
        origin = origins[stem]
        file, rows = origin.joined()
        path = f"{origin.labels[file[row]]}[{rows[row]}]{rest}"
        params = dict(problem.params)
        return Problem(path, problem.code, params)
    if match := COLUMN_PATH.match(problem.path):
        return Problem(f"{match.group(1)}/{match.group(2) or ''}", problem.code, problem.params)
    return problem
