"""The direct baseline: the platform LP built with numpy/scipy sparse arrays, handed to highspy.

Written independently of ``optimizer/``: read the JSON, assemble the matrix, solve, print the
objective and every positive spend. ``python -m benchmarks.platform_baseline FILE``.
"""

import gc
import json
import sys

import highspy
import numpy as np
from scipy import sparse

ALGORITHMS = {  # interior point first: the others then run against its time
    "ipm": {"solver": "ipm"},
    "ipm-no-crossover": {"solver": "ipm", "run_crossover": "off"},
    "ipm-no-presolve": {"solver": "ipm", "presolve": "off"},
    "dual-simplex": {"solver": "simplex", "simplex_strategy": 1},
    "dual-simplex-parallel": {"solver": "simplex", "simplex_strategy": 2, "parallel": "on"},
    "primal-simplex": {"solver": "simplex", "simplex_strategy": 4},
    "pdlp": {"solver": "pdlp"},
}


def main(path: str, algorithm: str = "dual-simplex") -> None:
    with open(path, encoding="utf-8") as handle:
        request = json.load(handle)
    placements = request["placements"]
    column_of = {p["id"]: j for j, p in enumerate(placements)}
    per_unit = np.array(
        [(1000.0 if p["pricing"] == "cpm" else 1.0) / p["price"] for p in placements]
    )
    base_ctr = np.array([p.get("ctr", 1.0) if p["pricing"] == "cpm" else 1.0 for p in placements])
    capacity = np.array([p.get("capacity", np.inf) for p in placements], float)

    merchant_index, placement_index, value_per_spend = [], [], []
    budgets, floors = [], []
    by_conversions = request.get("objective", "revenue") == "conversions"
    for m, merchant in enumerate(request["merchants"]):
        budgets.append(merchant["budget"])
        floors.append(merchant.get("min_roas"))
        for placement_id, rate in merchant["rates"].items():
            j = column_of[placement_id]
            merchant_index.append(m)
            placement_index.append(j)
            ctr = rate.get("ctr", base_ctr[j])
            clicks = per_unit[j] * (ctr if placements[j]["pricing"] == "cpm" else 1.0)
            value_per_spend.append((clicks * rate["cvr"], clicks * rate["cvr"] * rate["aov"]))
    merchants = len(budgets)
    cols = len(merchant_index)
    rows_m = np.array(merchant_index)
    cols_p = np.array(placement_index)
    conversions, revenue = np.array(value_per_spend).T
    objective = conversions if by_conversions else revenue

    floor = np.array([np.nan if f is None else f for f in floors])
    has_floor = ~np.isnan(floor)
    floor_row = np.cumsum(has_floor) - 1 + merchants
    ids = np.arange(cols)
    budget_part = sparse.coo_matrix((np.ones(cols), (rows_m, ids)), shape=(merchants, cols))
    floored = has_floor[rows_m]
    roas_part = sparse.coo_matrix(
        (
            revenue[floored] - floor[rows_m[floored]],
            (floor_row[rows_m[floored]] - merchants, ids[floored]),
        ),
        shape=(int(has_floor.sum()), cols),
    )
    capacity_part = sparse.coo_matrix(
        (per_unit[cols_p], (cols_p, ids)), shape=(len(placements), cols)
    )
    matrix = sparse.vstack([budget_part, roas_part, capacity_part]).tocsc()
    inf = highspy.kHighsInf
    lower = np.concatenate(
        [np.full(merchants, -inf), np.zeros(int(has_floor.sum())), np.full(len(placements), -inf)]
    )
    upper = np.concatenate([np.array(budgets, float), np.full(int(has_floor.sum()), inf), capacity])

    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = cols, matrix.shape[0]
    lp.col_cost_ = objective
    lp.col_lower_ = np.zeros(cols)
    lp.col_upper_ = np.full(cols, inf)
    lp.row_lower_, lp.row_upper_ = lower, np.where(np.isinf(upper), inf, upper)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    lp.sense_ = highspy.ObjSense.kMaximize
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    # The algorithm is the caller's choice: the benchmark runs every one and keeps the fastest.
    for name, value in ALGORITHMS[algorithm].items():
        highs.setOptionValue(name, value)
    highs.passModel(lp)
    gc.freeze()  # the start-up ours has (``optimizer.cli.main``): no scans while reading
    gc.enable()
    highs.run()
    spend = np.asarray(highs.getSolution().col_value)
    positive = np.flatnonzero(spend > 1e-9)
    merchant_ids = [m["id"] for m in request["merchants"]]
    json.dump(
        {
            "status": highs.modelStatusToString(highs.getModelStatus()),
            "objective_value": highs.getInfo().objective_function_value,
            "allocations": [
                [merchant_ids[rows_m[k]], placements[cols_p[k]]["id"], float(spend[k])]
                for k in positive
            ],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    gc.disable()
    main(sys.argv[1], *sys.argv[2:3])
