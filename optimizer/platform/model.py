"""The platform plan as a linear programme, two ways that must agree exactly.

- ``build_arrays``: the fast path. The constraint matrix is assembled column by column with
  numpy and scipy.sparse and goes to HiGHS as arrays: no Python object per term.
- ``build_pulp``: the model of record, term by term in PuLP, with the same names and the same
  row order. ``--write-lp`` writes it; the tests compare it with the fast path's arrays.

Columns: spend_<m>_<p>, one per merchant m and placement p it has rates for, in request
order. Rows: budget.<merchant> for every merchant, then min_roas.<merchant> for merchants
with a floor, then capacity.<placement> for placements with limited inventory.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from ..solvers import constraint_name
from .validation import PlatformRequest

if TYPE_CHECKING:
    from ..solvers.modelling import LpProblem


@dataclass
class PlatformArrays:
    cost: np.ndarray  # objective per unit of spend, per column (maximised)
    matrix: sparse.csc_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    floored: np.ndarray  # merchant index of each min_roas row
    capped: np.ndarray  # placement index of each capacity row

    @property
    def capacity_rows(self) -> slice:
        start = self.matrix.shape[0] - len(self.capped)
        return slice(start, self.matrix.shape[0])


def value_per_spend(request: PlatformRequest) -> tuple[np.ndarray, np.ndarray]:
    """Conversions and revenue each unit of spend buys, per column."""
    conversions = request.clicks_per_spend * request.cvr
    return conversions, conversions * request.aov


def build_arrays(request: PlatformRequest) -> PlatformArrays:
    conversions, revenue = value_per_spend(request)
    cost = conversions if request.objective == "conversions" else revenue
    return assemble(request, request.rate_merchant, request.rate_placement, cost, revenue,
                    request.units_per_spend)  # fmt: skip


def assemble(request, merchant, placement, value, revenue, units) -> PlatformArrays:
    """The programme over columns that each spend for one merchant on one placement: per
    column its merchant, placement, objective, revenue and units per unit of spend. The
    rates themselves are such columns; so are chords of their curves (``exact.chords``)."""
    merchants = len(request.merchant_ids)
    columns = len(merchant)
    has_floor = ~np.isnan(request.min_roas)
    floored = np.flatnonzero(has_floor)
    floor_row = np.full(merchants, -1)
    floor_row[floored] = merchants + np.arange(len(floored))
    capped = np.flatnonzero(np.isfinite(request.capacity))
    capacity_row = np.full(len(request.placement_ids), -1)
    capacity_row[capped] = merchants + len(floored) + np.arange(len(capped))

    column = np.arange(columns)
    in_floor = has_floor[merchant]
    in_capacity = capacity_row[placement] >= 0
    rows = np.concatenate([merchant, floor_row[merchant[in_floor]],
                           capacity_row[placement[in_capacity]]])  # fmt: skip
    cols = np.concatenate([column, column[in_floor], column[in_capacity]])
    values = np.concatenate(
        [
            np.ones(columns),
            revenue[in_floor] - request.min_roas[merchant[in_floor]],
            units[in_capacity],
        ]
    )
    shape = (merchants + len(floored) + len(capped), columns)
    matrix = sparse.csc_matrix((values, (rows, cols)), shape=shape)
    matrix.eliminate_zeros()  # a rate earning exactly its floor: no entry, as in PuLP's model
    matrix.sort_indices()

    inf = np.inf
    row_lower = np.concatenate(
        [np.full(merchants, -inf), np.zeros(len(floored)), np.full(len(capped), -inf)]
    )
    row_upper = np.concatenate(
        [request.budget, np.full(len(floored), inf), request.capacity[capped]]
    )
    return PlatformArrays(value, matrix, row_lower, row_upper, floored, capped)


def column_names(request: PlatformRequest) -> list[str]:
    return [
        f"spend_{m}_{p}" for m, p in zip(request.rate_merchant, request.rate_placement, strict=True)
    ]


def row_names(request: PlatformRequest, arrays: PlatformArrays) -> list[str]:
    merchant, placement = unique_names(request.merchant_ids), unique_names(request.placement_ids)
    return (
        [f"budget.{name}" for name in merchant]
        + [f"min_roas.{merchant[m]}" for m in arrays.floored]
        + [f"capacity.{placement[p]}" for p in arrays.capped]
    )


def unique_names(ids: list[str]) -> list[str]:
    """Each id as PuLP may name it, made unique: "a b" and "a_b" both sanitise to a_b, and
    PuLP refused the second constraint (internal error on --write-lp and --solver cbc)."""
    names: list[str] = []
    taken: set[str] = set()
    for text in ids:
        name, suffix = constraint_name(text), 1
        while name in taken:
            name, suffix = f"{constraint_name(text)}_{suffix}", suffix + 1
        taken.add(name)
        names.append(name)
    return names


def build_pulp(request: PlatformRequest) -> "LpProblem":
    """The model of record, one PuLP term at a time (slow at platform scale, exact anywhere)."""
    # a third of a second to import PuLP: only --write-lp and --solver cbc need it
    from ..solvers.modelling import LpMaximize, LpProblem, lpSum

    merchant_names = unique_names(request.merchant_ids)
    placement_names = unique_names(request.placement_ids)
    problem = LpProblem("platform_plan", LpMaximize)
    conversions, revenue = value_per_spend(request)
    per_unit = request.units_per_spend
    spend = [problem.add_variable(name, 0) for name in column_names(request)]
    by_merchant: dict[int, list[int]] = {}
    by_placement: dict[int, list[int]] = {}
    for k, (m, p) in enumerate(zip(request.rate_merchant, request.rate_placement, strict=True)):
        by_merchant.setdefault(int(m), []).append(k)
        by_placement.setdefault(int(p), []).append(k)

    gain = conversions if request.objective == "conversions" else revenue
    problem += lpSum(float(gain[k]) * spend[k] for k in range(len(spend)))
    for m, name in enumerate(merchant_names):
        columns = by_merchant.get(m, [])
        problem += (
            lpSum(spend[k] for k in columns) <= float(request.budget[m]),
            f"budget.{name}",
        )
    for m, name in enumerate(merchant_names):
        floor = request.min_roas[m]
        if np.isnan(floor):
            continue
        columns = by_merchant.get(m, [])
        problem += (
            lpSum(float(revenue[k] - floor) * spend[k] for k in columns) >= 0,
            f"min_roas.{name}",
        )
    for p, name in enumerate(placement_names):
        if not np.isfinite(request.capacity[p]):
            continue
        columns = by_placement.get(p, [])
        problem += (
            lpSum(float(per_unit[k]) * spend[k] for k in columns) <= float(request.capacity[p]),
            f"capacity.{name}",
        )
    return problem
