"""Solving a PuLP model: handed to HiGHS as arrays (through ``highs.py``), or to PuLP's CBC.

PuLP is the modelling layer of record (the LP file export, the CBC path, the diagnosis);
``single/model.py`` and ``platform/model.py`` build with it (PuLP enters only here) and this
module solves it. Only ``highs.py`` touches highspy.
"""

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pulp
from pulp import (  # the vocabulary the model-of-record writers build with
    LpAffineExpression,
    LpInteger,
    LpMaximize,
    LpMinimize,
    LpProblem,
    LpVariable,
    lpSum,
)
from scipy import sparse

from ..errors import InvalidRequest, Problem, SolverFailed
from . import SOLVERS
from .highs import INFEASIBLE, MIP_GAP, OPTIMAL, LinearProgram, run

__all__ = [
    "INFEASIBLE", "OPTIMAL", "SOLVERS", "HighsModel", "LpAffineExpression", "LpInteger",
    "LpMaximize", "LpMinimize", "LpProblem", "LpVariable", "lpSum", "run", "solve", "value",
    "write_lp",
]  # fmt: skip


@dataclass
class HighsModel:
    """A PuLP problem loaded into HiGHS, with its variables and rows in a fixed order."""

    problem: pulp.LpProblem
    program: LinearProgram
    variables: list[pulp.LpVariable]
    row_names: list[str]

    @property
    def highs(self):
        """The highspy object holding the model (for inspection in tests)."""
        return self.program.raw

    @classmethod
    def from_pulp(cls, problem: pulp.LpProblem) -> "HighsModel":
        variables = problem.variables()
        column = {var.name: j for j, var in enumerate(variables)}

        cost = np.zeros(len(variables))
        for var, coefficient in problem.objective.items():
            cost[column[var.name]] = coefficient
        lower = np.array([-np.inf if v.lowBound is None else v.lowBound for v in variables], float)
        upper = np.array([np.inf if v.upBound is None else v.upBound for v in variables], float)

        starts, indices, values, row_lower, row_upper, names = [0], [], [], [], [], []
        for constraint in problem.constraints():
            for var, coefficient in constraint.items():
                indices.append(column[var.name])
                values.append(coefficient)
            starts.append(len(indices))
            bound = -constraint.constant
            row_lower.append(-np.inf if constraint.sense == pulp.LpConstraintLE else bound)
            row_upper.append(np.inf if constraint.sense == pulp.LpConstraintGE else bound)
            names.append(constraint.name)
        matrix = sparse.csr_matrix(
            (np.array(values, float), np.array(indices, np.int32), np.array(starts, np.int32)),
            shape=(len(names), len(variables)),
        )
        program = LinearProgram(
            cost, matrix, np.array(row_lower, float), np.array(row_upper, float), lower, upper,
            integrality=np.array([v.cat == pulp.LpInteger for v in variables], bool),
            sense="max" if problem.sense == pulp.LpMaximize else "min",
            offset=problem.objective.constant,
        )  # fmt: skip
        return cls(problem, program, variables, names)

    def set_row_bounds(self, name: str, lower: float, upper: float) -> None:
        self.program.set_row_bounds(self.row_names.index(name), lower, upper)

    def solve(self) -> str:
        """Solves, then writes values, duals and slacks back onto the PuLP objects."""
        solution = self.program.solve()
        if solution.status != OPTIMAL:
            return solution.status
        for var, value in zip(self.variables, solution.primal, strict=True):
            var.varValue = value
        constraints = self.problem.constraints()
        rows = zip(constraints, solution.row_activity, solution.row_duals, strict=True)
        for constraint, activity, dual in rows:
            constraint.pi = dual
            constraint.slack = -(activity + constraint.constant)
        return OPTIMAL


def solve(problem: pulp.LpProblem, solver: str = "highs") -> str:
    if solver == "highs":
        return HighsModel.from_pulp(problem).solve()
    if solver == "cbc":
        return _solve_cbc(problem)
    raise ValueError(f"solver must be one of {', '.join(SOLVERS)}")


def bundled_cbc(**options) -> pulp.LpSolver:
    """PuLP 3.3's bundled CBC. PuLP 4 (Python 3.12+) drops it for COIN_CMD with the separate
    cbcbox binary; until the project moves to 3.12 the bundled one is the offline choice."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "PULP_CBC_CMD is deprecated", DeprecationWarning)
        # CBC 2.10.3's preprocessing declares some feasible curve models infeasible
        # ("Cut generators found to be infeasible"); without it the answers are right.
        return pulp.PULP_CBC_CMD(msg=False, options=["preprocess off"], **options)


def _solve_cbc(problem: pulp.LpProblem) -> str:
    integer = any(v.cat == pulp.LpInteger for v in problem.variables())
    status = problem.solve(bundled_cbc(gapRel=MIP_GAP if integer else None))
    if status == pulp.LpStatusOptimal:
        if integer:
            _cbc_duals_with_integers_fixed(problem)
        return OPTIMAL
    if status in (pulp.LpStatusInfeasible, pulp.LpStatusUnbounded):
        return INFEASIBLE
    raise SolverFailed(f"CBC stopped with status {pulp.LpStatus[status]}")


def _cbc_duals_with_integers_fixed(problem: pulp.LpProblem) -> None:
    integers = [v for v in problem.variables() if v.cat == pulp.LpInteger]
    saved = [(v, v.lowBound, v.upBound) for v in integers]
    for v in integers:
        value = round(v.varValue)
        v.lowBound = v.upBound = value
        v.cat = pulp.LpContinuous
    values = {v.name: v.varValue for v in problem.variables()}
    try:
        problem.solve(bundled_cbc())
    finally:
        for v, low, up in saved:
            v.lowBound, v.upBound, v.cat = low, up, pulp.LpInteger
    for v in problem.variables():  # keep the MIP's own values, only the duals are new
        v.varValue = values[v.name]


def value(expression) -> float:
    result = pulp.value(expression)
    return (
        0.0
        if result is None or (isinstance(result, float) and math.isnan(result))
        else float(result)
    )


def write_lp(problem: pulp.LpProblem, path: str) -> None:
    """``--write-lp``: a path that cannot be written is an invalid request (exit 2); it
    was an internal error (a directory, a missing parent, /proc)."""
    try:
        problem.writeLP(path)
    except OSError as error:
        reason = error.strerror or str(error)
        where = {"file": path, "reason": reason}
        raise InvalidRequest([Problem("--write-lp", "lp_not_writable", where)]) from None
