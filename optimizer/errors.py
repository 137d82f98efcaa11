from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request, as data: where (``placements[2].cvr``), what (a stable
    snake_case ``code`` such as ``too_large``) and its figures (``{"maximum": 1.0}``). The
    command line says it in English (``optimizer.words``); the portal in the reader's language
    from the code, without reading any English back."""

    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)


class InvalidRequest(ValueError):
    """The request breaks the contract; ``problems`` holds every :class:`Problem` found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(problems)  # args: pickled and rebuilt whole (Ray, multiprocessing)

    def __str__(self) -> str:
        # a log's or a failed job's one glance: the command line's lines
        from .words import sentence

        return "\n".join(sentence(problem) for problem in self.problems)


class SolverFailed(RuntimeError):
    """The solver stopped without an optimal or infeasible verdict (time limit, numerics)."""
