"""Solving a PuLP model: HiGHS in-process (default) or PuLP's bundled CBC.

This and ``model.py`` are the only modules that touch PuLP; only this one touches highspy.
HiGHS gets the model as arrays straight from the PuLP objects, and keeps it: the frontier
changes the budget and re-solves from the previous basis instead of rebuilding.
"""

import math
import warnings
from dataclasses import dataclass

import highspy
import numpy as np
import pulp

from .errors import SolverFailed

SOLVERS = ("highs", "cbc")
MIP_GAP = 1e-7  # slots and curves are solved to their optimum, not to a 1e-4 gap
INFEASIBLE, OPTIMAL = "infeasible", "optimal"


@dataclass
class HighsModel:
    """A PuLP problem loaded into HiGHS, with its variables and rows in a fixed order."""

    problem: pulp.LpProblem
    highs: highspy.Highs
    variables: list[pulp.LpVariable]
    row_names: list[str]
    integer_columns: list[int]

    @classmethod
    def from_pulp(cls, problem: pulp.LpProblem) -> "HighsModel":
        variables = problem.variables()
        column = {var.name: j for j, var in enumerate(variables)}
        inf = highspy.kHighsInf

        cost = np.zeros(len(variables))
        for var, coefficient in problem.objective.items():
            cost[column[var.name]] = coefficient
        lower = np.array([-inf if v.lowBound is None else v.lowBound for v in variables], float)
        upper = np.array([inf if v.upBound is None else v.upBound for v in variables], float)

        starts, indices, values, row_lower, row_upper, names = [0], [], [], [], [], []
        for constraint in problem.constraints():
            name = constraint.name
            for var, coefficient in constraint.items():
                indices.append(column[var.name])
                values.append(coefficient)
            starts.append(len(indices))
            bound = -constraint.constant
            if constraint.sense == pulp.LpConstraintEQ:
                row_lower.append(bound)
                row_upper.append(bound)
            elif constraint.sense == pulp.LpConstraintLE:
                row_lower.append(-inf)
                row_upper.append(bound)
            else:
                row_lower.append(bound)
                row_upper.append(inf)
            names.append(name)

        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = len(variables), len(names)
        lp.col_cost_, lp.col_lower_, lp.col_upper_ = cost, lower, upper
        lp.offset_ = problem.objective.constant
        lp.row_lower_, lp.row_upper_ = np.array(row_lower, float), np.array(row_upper, float)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.start_ = np.array(starts, np.int32)
        lp.a_matrix_.index_ = np.array(indices, np.int32)
        lp.a_matrix_.value_ = np.array(values, float)
        lp.sense_ = (
            highspy.ObjSense.kMaximize
            if problem.sense == pulp.LpMaximize
            else highspy.ObjSense.kMinimize
        )
        integer_columns = [j for j, v in enumerate(variables) if v.cat == pulp.LpInteger]
        if integer_columns:
            lp.integrality_ = [
                highspy.HighsVarType.kInteger if j in set(integer_columns)
                else highspy.HighsVarType.kContinuous
                for j in range(len(variables))
            ]  # fmt: skip
        highs = new_highs()
        highs.passModel(lp)
        return cls(problem, highs, variables, names, integer_columns)

    def set_row_bounds(self, name: str, lower: float, upper: float) -> None:
        self.highs.changeRowBounds(self.row_names.index(name), lower, upper)

    def solve(self) -> str:
        """Solves, then writes values, duals and slacks back onto the PuLP objects."""
        status = run(self.highs)
        if status != OPTIMAL:
            return status
        solution = self.highs.getSolution()
        for var, value in zip(self.variables, solution.col_value, strict=True):
            var.varValue = value
        duals = solution.row_dual if solution.dual_valid else [0.0] * len(self.row_names)
        if self.integer_columns:
            duals = self._duals_with_integers_fixed(solution.col_value)
        constraints = self.problem.constraints()
        for constraint, activity, dual in zip(constraints, solution.row_value, duals, strict=True):
            constraint.pi = dual
            constraint.slack = -(activity + constraint.constant)
        return OPTIMAL

    def _duals_with_integers_fixed(self, values) -> list[float]:
        """A mixed-integer programme has no duals: fix the whole numbers of slots (and curve
        segments) where the optimum put them and read the duals of what remains, an LP."""
        lp = self.highs.getLp()
        fixed = new_highs()
        fixed.passModel(lp)
        for j in self.integer_columns:
            fixed.changeColBounds(j, round(values[j]), round(values[j]))
        fixed.changeColsIntegrality(
            len(self.variables),
            np.arange(len(self.variables), dtype=np.int32),
            np.array([highspy.HighsVarType.kContinuous] * len(self.variables)),
        )
        if run(fixed) != OPTIMAL:
            return [0.0] * len(self.row_names)
        return list(fixed.getSolution().row_dual)


def new_highs() -> highspy.Highs:
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)  # no banner: stdout carries JSON only
    highs.setOptionValue("mip_rel_gap", MIP_GAP)
    return highs


def run(highs: highspy.Highs) -> str:
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
