"""Racing algorithms in forked processes: when two finished at the same moment their answers
were written into one shared pipe and interleaved, and the platform run failed with "Failed:
invalid load key, '\\x00'." (the 3,000-merchant test did, on a busy machine). Each runner now
answers on its own pipe."""

import multiprocessing

import numpy as np
import pytest
from scipy import sparse

from optimizer.solvers.highs import LinearProgram, Solution


def program() -> LinearProgram:
    n = 3
    return LinearProgram(np.ones(n), sparse.csr_matrix(np.ones((1, n))), np.array([-np.inf]),
                         np.array([2.0]), np.zeros(n), np.ones(n), sense="max")  # fmt: skip


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="racing needs fork"
)
def test_runners_that_answer_at_the_same_moment_do_not_garble_the_answer():
    runners = 4
    together = multiprocessing.get_context("fork").Barrier(runners)
    big = np.arange(400_000, dtype=float)  # answers far past a pipe's buffer

    def solve_at_once() -> Solution:  # each runner, in its own process, answers with the rest
        together.wait(timeout=60)
        return Solution("optimal", 1.0, big, big[:1], big[:1], big)

    for _attempt in range(3):
        lp = program()
        lp.solve = solve_at_once
        solution, _algorithm = lp.solve_racing(tuple({"solver": "simplex"} for _ in range(runners)))
        assert solution.status == "optimal" and np.array_equal(solution.primal, big)


def test_a_race_still_solves_the_programme():
    solution, algorithm = program().solve_racing()
    assert solution.status == "optimal" and solution.objective_value == pytest.approx(2.0)
    assert algorithm in ({"solver": "simplex"}, {"solver": "ipm"})
