"""The merchants' step on Ray: one actor per shard of merchants, holding its rates for the
whole run, so that each price iteration sends only the prices out and two sums back.

A local Ray cluster is started unless ``RAY_ADDRESS`` names an existing one. Ray's own
processes and messages never reach standard output (the command line's stdout is the JSON
answer alone): the cluster is started with standard output pointed at standard error.
"""

import contextlib
import os
import sys

import numpy as np

from ...errors import InvalidRequest, Problem
from ..validation import PlatformRequest
from .dual import Shard
from .local_engine import shards_of


@contextlib.contextmanager
def stdout_to_stderr():
    """File descriptor 1 points at standard error meanwhile: child processes inherit it."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def _actor_class():
    import ray

    @ray.remote
    class ShardActor:
        def __init__(self, shard: Shard):
            self.shard = shard

        def solve(self, prices: np.ndarray) -> tuple[float, np.ndarray]:
            return self.shard.solve(prices)

        def value(self, scale: np.ndarray) -> float:
            return self.shard.value(scale)

        def tight_bound(self, prices: np.ndarray) -> float:
            return self.shard.tight_bound(prices)

        def spend(self, scale: np.ndarray | None) -> np.ndarray:
            return self.shard.recovered(scale)

    return ShardActor


def connect(workers: int | None) -> int:
    """Ray started here, or joined at ``RAY_ADDRESS``; the number of workers to run (asked,
    else the cluster's CPUs). Call with standard output pointed at standard error."""
    import ray

    if not ray.is_initialized():
        address = os.environ.get("RAY_ADDRESS")
        options = {"address": address} if address else {"num_cpus": workers or os.cpu_count()}
        try:
            ray.init(
                **options, include_dashboard=False, log_to_driver=False,
                logging_level="ERROR", configure_logging=True,
            )  # fmt: skip
        except (ValueError, ConnectionError) as error:  # RAY_ADDRESS=garbage: exit 3
            where = f"RAY_ADDRESS={address}" if address else "a local cluster"
            reason = " ".join(str(error).split())
            problem = Problem("--engine", "ray_unavailable", {"where": where, "reason": reason})
            raise InvalidRequest([problem]) from None
    return workers or max(int(ray.cluster_resources().get("CPU", 1)), 1)


class RayEngine:
    name = "ray"

    def __init__(self, request: PlatformRequest, workers: int | None = None):
        import ray

        with stdout_to_stderr():
            count = connect(workers)
            actor = _actor_class()
            self.rates_of = []
            self.actors = []
            for rates, shard in shards_of(request, count):
                self.rates_of.append(rates)
                self.actors.append(actor.remote(shard))
        self.ray = ray
        self.rates = len(request.rate_merchant)

    def solve(self, prices: np.ndarray) -> tuple[float, np.ndarray]:
        answers = self.ray.get([a.solve.remote(prices) for a in self.actors])
        return sum(b for b, _ in answers), np.sum([u for _, u in answers], axis=0)

    def value(self, scale: np.ndarray) -> float:
        return sum(self.ray.get([a.value.remote(scale) for a in self.actors]))

    def tight_bound(self, prices: np.ndarray) -> float:
        return sum(self.ray.get([a.tight_bound.remote(prices) for a in self.actors]))

    def spend(self, scale: np.ndarray | None) -> np.ndarray:
        spend = np.zeros(self.rates)
        parts = self.ray.get([a.spend.remote(scale) for a in self.actors])
        for rates, part in zip(self.rates_of, parts, strict=True):
            spend[rates] = part
        return spend

    def close(self) -> None:
        for actor in self.actors:
            self.ray.kill(actor)
        self.actors = []
