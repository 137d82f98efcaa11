"""The shards' workers, in this process or as Ray actors, behind the decomposed engine's
interface (``decomposed.prices.decompose`` calls solve, value, tight_bound, spend)."""

import numpy as np

from .worker import PartitionWorker


class PartitionedEngine:
    """What the price search needs from the workers, summed; ``spend`` keeps each shard's
    plan where it is (the driver never holds the rates' spends)."""

    name = "local"
    rates = 0  # unknown to the driver: no master rounds over every rate's plan

    def __init__(self, workers: list):
        self.workers = workers

    def _all(self, method: str, *args) -> list:
        return [getattr(worker, method)(*args) for worker in self.workers]

    def _each(self, method: str, args: list) -> list:
        return [getattr(w, method)(a) for w, a in zip(self.workers, args, strict=True)]

    def columns(self) -> list:
        return self._all("columns")

    def mix(self, weights: list) -> list:
        return self._each("mix", weights)

    def adopt(self) -> None:
        self._all("adopt")

    def summaries(self) -> list[dict]:
        return self._all("summary")

    def solve(self, prices: np.ndarray) -> tuple[float, np.ndarray]:
        answers = self._all("solve", prices)
        return sum(b for b, _ in answers), np.sum([u for _, u in answers], axis=0)

    def value(self, scale: np.ndarray) -> float:
        return sum(self._all("value", scale))

    def curvature(self, prices: np.ndarray) -> np.ndarray:
        """The dual's Hessian at the last prices solved (``prices``), summed (``warm``)."""
        return np.sum(self._all("curvature", prices), axis=0)

    def tight_bound(self, prices: np.ndarray) -> float:
        return sum(self._all("tight_bound", prices))

    def spend(self, scale: np.ndarray | None) -> None:
        self._all("keep", scale)

    def finish(self) -> list[dict]:
        return self._all("finish")

    def write(self, out: str) -> None:
        self._all("write", out)

    def close(self) -> None:
        pass


def local_engine(source, shards, objective, placements) -> PartitionedEngine:
    return PartitionedEngine(
        [PartitionWorker(source, i, shards, objective, placements) for i in range(shards)]
    )


class RayPartitionedEngine(PartitionedEngine):
    """One actor per shard; each reads its own merchants where it runs."""

    name = "ray"

    def __init__(self, source, workers, objective, placements):
        import ray

        from ..decomposed.ray_engine import connect, stdout_to_stderr

        with stdout_to_stderr():
            shards = connect(workers)
            actor = ray.remote(PartitionWorker)
            placements_ref = ray.put(placements)
            actors = [actor.remote(source, i, shards, objective, placements_ref)
                      for i in range(shards)]  # fmt: skip
        self.ray = ray
        super().__init__(actors)

    def _all(self, method: str, *args) -> list:
        if args and isinstance(args[0], np.ndarray):
            args = (self.ray.put(args[0]), *args[1:])  # sent once to every actor
        return self.ray.get([getattr(actor, method).remote(*args) for actor in self.workers])

    def _each(self, method: str, args: list) -> list:
        calls = [getattr(a, method).remote(x) for a, x in zip(self.workers, args, strict=True)]
        return self.ray.get(calls)

    def close(self) -> None:
        for actor in self.workers:
            self.ray.kill(actor)
        self.workers = []
