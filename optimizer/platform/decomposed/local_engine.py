"""The merchants' step in this process, on as many threads as the request is worth.

numba's kernels release the GIL (``nogil``), so the shards of merchants run side by side on
the machine's cores: at 3,000 merchants x 50 placements (105,000 rates) two threads took the
whole decomposition from 0.37 s to 0.29 s (CPU 0.37 to 0.38 s). Below ``RATES_A_THREAD``
rates a solve takes under a millisecond and a thread's hand-over would cost more than it
saves.
"""

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ..validation import PlatformRequest
from .dual import Shard

RATES_A_THREAD = 50_000
MAX_THREADS = 8


def threads_for(rates: int) -> int:
    """Threads for a local run of ``rates`` rates: one per core this process may use, one per
    ``RATES_A_THREAD`` rates, at most ``MAX_THREADS``."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, rates // RATES_A_THREAD, MAX_THREADS))


def shards_of(request: PlatformRequest, count: int) -> list[tuple[np.ndarray, Shard]]:
    """The request's rates cut into ``count`` shards of whole merchants, each with the request
    positions of its rates (rates are in merchant order, as the request holds them)."""
    conversions_per_spend = request.clicks_per_spend * request.cvr
    revenue_rate = conversions_per_spend * request.aov
    del conversions_per_spend
    # every weight 1 (the revenue objective): one number seen through a view, not an array
    weight = (1.0 / request.aov if request.objective == "conversions"
              else np.broadcast_to(1.0, revenue_rate.shape))  # fmt: skip
    # Rates already in merchant order (as requests are built) are cut into slices: each
    # shard's arrays are then views of the request's, not copies (at 50 million rates a
    # worker, every per-rate copy is 400 MB).
    ordered = bool(np.all(request.rate_merchant[1:] >= request.rate_merchant[:-1]))
    order = None if ordered else np.argsort(request.rate_merchant, kind="stable")
    merchants = len(request.merchant_ids)
    bounds = np.linspace(0, merchants, count + 1).round().astype(int)
    cut = np.searchsorted(request.rate_merchant if ordered else request.rate_merchant[order],
                          bounds)  # fmt: skip
    floors = np.nan_to_num(request.min_roas, nan=0.0)
    units = np.where(request.cpm, 1000.0, 1.0) / request.price  # per placement
    usable = request.capacity[request.rate_placement] / units[request.rate_placement]
    shards = []
    for i in range(count):
        rates = slice(cut[i], cut[i + 1]) if ordered else order[cut[i] : cut[i + 1]]
        first, last = bounds[i], bounds[i + 1]
        merchant = request.rate_merchant[rates]
        merchant = (merchant - first if first else merchant).astype(np.int32, copy=False)
        shard = Shard(
            merchant, request.rate_placement[rates], revenue_rate[rates], weight[rates],
            units, request.half_spend[rates], request.budget[first:last],
            floors[first:last], usable=usable[rates],
        )  # fmt: skip
        shards.append((rates, shard))
    return shards


class LocalEngine:
    """The merchants' step in this process: the same steps the Ray engine spreads, over
    ``threads`` shards run side by side."""

    name = "local"

    def __init__(self, request: PlatformRequest, threads: int = 1):
        self.parts = shards_of(request, threads)
        self.rates = len(request.rate_merchant)
        self._pool = ThreadPoolExecutor(threads) if threads > 1 else None

    def _each(self, step) -> list:
        shards = [shard for _, shard in self.parts]
        return list(self._pool.map(step, shards)) if self._pool else [step(s) for s in shards]

    def solve(self, prices: np.ndarray) -> tuple[float, np.ndarray]:
        answers = self._each(lambda shard: shard.solve(prices))
        return sum(bound for bound, _ in answers), sum(units for _, units in answers)

    def value(self, scale: np.ndarray) -> float:
        return sum(self._each(lambda shard: shard.value(scale)))

    def tight_bound(self, prices: np.ndarray) -> float:
        return sum(self._each(lambda shard: shard.tight_bound(prices)))

    def spend(self, scale: np.ndarray | None) -> np.ndarray:
        """The last spends per rate, in request order, recovered under ``scale`` if given."""
        spend = np.zeros(self.rates)
        answers = self._each(lambda shard: shard.recovered(scale))
        for (rates, _), part in zip(self.parts, answers, strict=True):
            spend[rates] = part
        return spend

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
