"""The one module that talks to HiGHS: a linear (or mixed-integer) programme in arrays.

Every HiGHS call in the optimizer goes through here, so that options (no banner on standard
output: the CLI's stdout carries JSON only), status handling and duals are decided once.

    program = LinearProgram(costs, matrix, row_lower, row_upper, col_lower, col_upper,
                            sense="max")
    solution = program.solve()          # Solution: status, primal, row_duals, ...
    program.set_row_bounds(0, -INF, 5000.0)
    solution = program.solve()          # re-solved from the previous basis
    program.add_columns(costs, lower, upper, columns)   # column generation, warm start kept

or, for one solve, ``solve_lp(...)``. ``matrix`` is any scipy.sparse matrix with one row per
constraint; infinite bounds may be given as ``±numpy.inf``. Integer columns are named by
``integrality`` (a boolean array); a mixed-integer programme's duals are those of the linear
programme left when the integers are fixed where the optimum put them.
"""

import contextlib
from dataclasses import dataclass
from typing import Literal

import highspy
import numpy as np
from scipy import sparse

from ..errors import SolverFailed

INF = highspy.kHighsInf
OPTIMAL, INFEASIBLE = "optimal", "infeasible"
MIP_GAP = 1e-7  # slots and curves are solved to their optimum, not to HiGHS's 1e-4 gap
QUIET = {"output_flag": False, "mip_rel_gap": MIP_GAP}


@dataclass
class Solution:
    """What a solve found. Arrays are empty unless ``status`` is optimal."""

    status: str
    objective_value: float
    primal: np.ndarray  # one value per column
    row_activity: np.ndarray  # one value per row: the matrix times ``primal``
    row_duals: np.ndarray  # d(objective)/d(row bound) per row; zeros when HiGHS had none
    col_duals: np.ndarray  # reduced costs per column
    iterations: int = 0  # simplex iterations of this solve (0 for interior point alone)


def quiet_highs(options: dict | None = None) -> highspy.Highs:
    """A HiGHS instance that prints nothing, with ``options`` (HiGHS option name: value)."""
    highs = highspy.Highs()
    for name, value in {**QUIET, **(options or {})}.items():
        highs.setOptionValue(name, value)
    return highs


class LinearProgram:
    """A programme loaded into HiGHS once, changed in place and re-solved from its last basis."""

    def __init__(
        self,
        costs: np.ndarray,
        matrix: sparse.spmatrix | sparse.sparray,
        row_lower: np.ndarray,
        row_upper: np.ndarray,
        col_lower: np.ndarray,
        col_upper: np.ndarray,
        *,
        integrality: np.ndarray | None = None,
        sense: Literal["min", "max"] = "min",
        offset: float = 0.0,
        options: dict | None = None,
    ) -> None:
        self.sense, self.options = sense, options or {}
        self.raw = quiet_highs(self.options)  # the highspy object itself, for inspection
        self.replace(
            costs, matrix, row_lower, row_upper, col_lower, col_upper,
            integrality=integrality, offset=offset,
        )  # fmt: skip

    def replace(
        self,
        costs: np.ndarray,
        matrix: sparse.spmatrix | sparse.sparray,
        row_lower: np.ndarray,
        row_upper: np.ndarray,
        col_lower: np.ndarray,
        col_upper: np.ndarray,
        *,
        integrality: np.ndarray | None = None,
        offset: float = 0.0,
    ) -> None:
        """Loads a new programme (same sense and options) into the same HiGHS instance:
        creating one costs more than solving a small programme."""
        columns = matrix if isinstance(matrix, sparse.csc_matrix) else sparse.csc_matrix(matrix)
        num_row, num_col = columns.shape
        maximise = self.sense == "max"
        self.integer_columns = (
            np.flatnonzero(np.asarray(integrality, bool)) if integrality is not None else []
        )
        kinds = np.zeros(num_col, np.int32)  # continuous
        kinds[self.integer_columns] = int(highspy.HighsVarType.kInteger)
        # the arrays straight to HiGHS: filling a HighsLp's fields from numpy converts them
        # element by element (1.1 of the 1.4 ms that loading 2,500 columns took)
        self.raw.passModel(
            num_col, num_row, columns.nnz,
            int(highspy.MatrixFormat.kColwise),
            int(highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize),
            float(offset),
            np.ascontiguousarray(costs, float),
            _finite_or_inf(col_lower), _finite_or_inf(col_upper),
            _finite_or_inf(row_lower), _finite_or_inf(row_upper),
            np.ascontiguousarray(columns.indptr[:-1], np.int32),
            np.ascontiguousarray(columns.indices, np.int32),
            np.ascontiguousarray(columns.data, float),
            kinds,
        )  # fmt: skip

    @property
    def num_col(self) -> int:
        return self.raw.getNumCol()

    @property
    def num_row(self) -> int:
        return self.raw.getNumRow()

    def set_row_bounds(self, row: int, lower: float, upper: float) -> None:
        self.raw.changeRowBounds(row, _inf(lower), _inf(upper))

    def set_col_bounds(self, columns: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        columns = np.asarray(columns, np.int32)
        self.raw.changeColsBounds(
            len(columns), columns, _finite_or_inf(lower), _finite_or_inf(upper)
        )

    def set_costs(self, columns: np.ndarray, costs: np.ndarray) -> None:
        columns = np.asarray(columns, np.int32)
        self.raw.changeColsCost(len(columns), columns, np.asarray(costs, float))

    def set_sense(self, sense: Literal["min", "max"]) -> None:
        self.raw.changeObjectiveSense(
            highspy.ObjSense.kMaximize if sense == "max" else highspy.ObjSense.kMinimize
        )

    def add_columns(
        self,
        costs: np.ndarray,
        lower: np.ndarray,
        upper: np.ndarray,
        columns: sparse.spmatrix | sparse.sparray,
    ) -> None:
        """New columns (one per column of ``columns``, rows as the programme's); the current
        basis stays valid with them non-basic, so the next solve starts from it."""
        block = sparse.csc_matrix(columns)
        status = self.raw.addCols(
            block.shape[1],
            np.asarray(costs, float),
            _finite_or_inf(lower),
            _finite_or_inf(upper),
            block.nnz,
            block.indptr[:-1].astype(np.int32),
            block.indices.astype(np.int32),
            block.data.astype(float),
        )
        if status == highspy.HighsStatus.kError:  # e.g. a coefficient past HiGHS's limits
            raise SolverFailed("HiGHS refused the new columns")

    def add_rows(
        self, lower: np.ndarray, upper: np.ndarray, rows: sparse.spmatrix | sparse.sparray
    ) -> None:
        block = sparse.csr_matrix(rows)
        self.raw.addRows(
            block.shape[0],
            _finite_or_inf(lower),
            _finite_or_inf(upper),
            block.nnz,
            block.indptr[:-1].astype(np.int32),
            block.indices.astype(np.int32),
            block.data.astype(float),
        )

    def set_basis(self, basic_columns: np.ndarray, rows_at_upper: np.ndarray) -> None:
        """The next solve starts from this basis: ``basic_columns`` basic, every other column
        at its lower bound, ``rows_at_upper`` held at their upper bound and every other row
        basic (as many basic columns as rows at upper, for a square basis)."""
        status = highspy.HighsBasisStatus
        columns = [status.kLower] * self.num_col
        for j in np.asarray(basic_columns).tolist():
            columns[j] = status.kBasic
        rows = [status.kBasic] * self.num_row
        for i in np.asarray(rows_at_upper).tolist():
            rows[i] = status.kUpper
        basis = highspy.HighsBasis()
        basis.col_status, basis.row_status, basis.valid = columns, rows, True
        # a basis HiGHS refuses (kError) is dropped and the solve starts from scratch
        self.raw.setBasis(basis)

    def set_options(self, options: dict) -> None:
        """HiGHS options for the solves to come (e.g. primal simplex once columns are added:
        the basis stays primal feasible, and dual simplex would start from its phase one)."""
        for name, value in options.items():
            self.raw.setOptionValue(name, value)

    def solve_racing(self, algorithms: tuple[dict, ...] = ()) -> tuple[Solution, dict]:
        """Solves with each of ``algorithms`` at once, one forked process each, keeps the
        first to finish (the others are stopped) and loads its basis here, so that the next
        ``solve`` starts from it. Which of dual simplex and interior point is faster depends
        on the instance and on what else the machine is doing; a fixed rule by size guessed
        wrong by two to one. Returns the solution and the winner's options. Where fork is
        not available, the first alone."""
        import multiprocessing
        import pickle

        algorithms = algorithms or RACING_ALGORITHMS
        if "fork" not in multiprocessing.get_all_start_methods():
            self.set_options(algorithms[0])
            return self.solve(), algorithms[0]
        from multiprocessing.connection import wait

        context = multiprocessing.get_context("fork")
        # one pipe per runner: two answers written at the same moment into one pipe interleave
        # past the pipe's buffer, and the first read was garbage ("invalid load key")
        pipes = [context.Pipe(duplex=False) for _ in algorithms]

        def race(index: int) -> None:
            # a runner that fails closes its pipe unanswered and the parent waits for the
            # others; raised here, it printed a traceback on standard error
            with contextlib.suppress(Exception):
                self.set_options(algorithms[index])
                solution = self.solve()
                basis = self.raw.getBasis()
                statuses = (
                    [int(v) for v in basis.col_status], [int(v) for v in basis.row_status]
                )  # fmt: skip
                answer = pickle.dumps((index, solution, statuses if basis.valid else None))
                pipes[index][1].send_bytes(answer)

        runners = [context.Process(target=race, args=(i,), daemon=True)
                   for i in range(len(algorithms))]  # fmt: skip
        for runner in runners:
            runner.start()
        for _receiver, sender in pipes:
            sender.close()
        waiting = [receiver for receiver, _sender in pipes]
        answer = None
        try:
            while answer is None and waiting:
                ready = wait(waiting)[0]
                try:
                    answer = pickle.loads(ready.recv_bytes())  # noqa: S301
                except EOFError:  # that runner died without an answer: wait for the others
                    waiting.remove(ready)
        finally:
            for runner in runners:
                if runner.is_alive():
                    runner.kill()
                runner.join()
            for receiver, _sender in pipes:
                receiver.close()
        if answer is None:  # every runner died without an answer
            raise SolverFailed("HiGHS stopped without an answer")
        index, solution, statuses = answer
        if statuses is not None:
            basis = highspy.HighsBasis()
            basis.col_status = [highspy.HighsBasisStatus(v) for v in statuses[0]]
            basis.row_status = [highspy.HighsBasisStatus(v) for v in statuses[1]]
            basis.valid = True
            self.raw.setBasis(basis)
        self.set_options(algorithms[index])
        return solution, algorithms[index]

    def solve(self) -> Solution:
        status = run(self.raw)
        if status != OPTIMAL:
            return Solution(status, float("nan"), *(np.empty(0),) * 4)
        info = self.raw.getInfo()
        solution = self.raw.getSolution()
        primal = np.asarray(solution.col_value, float)
        row_duals = (
            np.asarray(solution.row_dual, float) if solution.dual_valid else np.zeros(self.num_row)
        )
        col_duals = (
            np.asarray(solution.col_dual, float) if solution.dual_valid else np.zeros(len(primal))
        )
        if len(self.integer_columns):
            row_duals, col_duals = self._duals_with_integers_fixed(primal)
        return Solution(
            OPTIMAL,
            self.raw.getObjectiveValue(),
            primal,
            np.asarray(solution.row_value, float),
            row_duals,
            col_duals,
            max(int(info.simplex_iteration_count), 0),
        )

    def _duals_with_integers_fixed(self, primal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A mixed-integer programme has no duals: fix the whole numbers (slots, curve
        segments) where the optimum put them and read the duals of what remains, an LP."""
        fixed = quiet_highs(self.options)
        fixed.passModel(self.raw.getLp())
        count = self.num_col
        for j in self.integer_columns:
            whole = float(round(primal[j]))
            fixed.changeColBounds(int(j), whole, whole)
        fixed.changeColsIntegrality(
            count,
            np.arange(count, dtype=np.int32),
            np.array([highspy.HighsVarType.kContinuous] * count),
        )
        if run(fixed) != OPTIMAL:
            return np.zeros(self.num_row), np.zeros(count)
        solution = fixed.getSolution()
        return np.asarray(solution.row_dual, float), np.asarray(solution.col_dual, float)


def solve_lp(
    costs: np.ndarray,
    matrix: sparse.spmatrix | sparse.sparray,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    col_lower: np.ndarray,
    col_upper: np.ndarray,
    *,
    integrality: np.ndarray | None = None,
    sense: Literal["min", "max"] = "min",
    offset: float = 0.0,
    options: dict | None = None,
) -> Solution:
    """Loads and solves once (see ``LinearProgram`` to change and re-solve)."""
    program = LinearProgram(
        costs, matrix, row_lower, row_upper, col_lower, col_upper,
        integrality=integrality, sense=sense, offset=offset, options=options,
    )  # fmt: skip
    return program.solve()


def run(highs: highspy.Highs) -> str:
    """Runs HiGHS and names the outcome: optimal or infeasible (anything else raises)."""
    highs.run()
    status = highs.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        return OPTIMAL
    if status == highspy.HighsModelStatus.kInfeasible:
        return INFEASIBLE
    if status == highspy.HighsModelStatus.kUnboundedOrInfeasible:
        # presolve could not tell which; every plan is bounded by its budget, but ask again
        highs.setOptionValue("presolve", "off")
        highs.run()
        highs.setOptionValue("presolve", "choose")
        if highs.getModelStatus() == highspy.HighsModelStatus.kOptimal:
            return OPTIMAL
        return INFEASIBLE
    raise SolverFailed(f"HiGHS stopped with status {highs.modelStatusToString(status)}")


def _inf(bound: float) -> float:
    return INF if bound == np.inf else -INF if bound == -np.inf else float(bound)


def _finite_or_inf(values) -> np.ndarray:
    array = np.asarray(values, float)
    return np.where(np.isposinf(array), INF, np.where(np.isneginf(array), -INF, array))


RACING_ALGORITHMS = ({"solver": "simplex"}, {"solver": "ipm"})


def solve_lp_racing(
    costs: np.ndarray,
    matrix: sparse.spmatrix | sparse.sparray,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    col_lower: np.ndarray,
    col_upper: np.ndarray,
    *,
    sense: Literal["min", "max"] = "min",
    algorithms: tuple[dict, ...] = RACING_ALGORITHMS,
) -> tuple[Solution, dict]:
    """Loads and solves once, algorithms racing (``LinearProgram.solve_racing``)."""
    program = LinearProgram(costs, matrix, row_lower, row_upper, col_lower, col_upper, sense=sense)
    return program.solve_racing(algorithms)
