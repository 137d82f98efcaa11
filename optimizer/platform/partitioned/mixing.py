"""Mixing rounds: where the price search stops above the gap (linear rates tied at a sold-out
placement answer all or nothing), the driver mixes the workers' recent plans.

Each worker's plans are summed per group of merchants (``worker.GROUPS`` per shard): one
column per plan and group, its objective and the units it buys. A small linear programme in
the driver picks weights (at most 1 per group) within the capacities; its capacity duals are
the next prices, which the workers answer with new plans (and the bound is evaluated there).
This is the Dantzig-Wolfe master of the in-process engine with merchants aggregated by group,
so the driver's programme is per placement and per group, never per merchant.
"""

import numpy as np
from scipy import sparse
from scipy.optimize import linprog

ROUNDS = 12


def mixed_rounds(request, engine, found, gap: float) -> tuple[float, float, np.ndarray]:
    """(bound, value, bound prices) after the rounds; the workers hold the best plan."""
    capped = np.flatnonzero(np.isfinite(request.capacity))
    capacity = request.capacity[capped]
    bound, value, prices = found.bound, found.value, found.prices
    for _ in range(ROUNDS):
        if bound - value <= gap * 0.9 * abs(bound) or not len(capped):
            break
        columns = engine.columns()
        gains = np.concatenate([values.ravel() for values, _ in columns])
        units = np.concatenate([bought.reshape(-1, bought.shape[-1]) for _, bought in columns])
        groups = len(columns) * columns[0][0].shape[1]
        plans = columns[0][0].shape[0]
        variables = len(gains)
        # variable (shard, plan, group): its group's row is shard * groups + group
        shard = np.repeat(np.arange(len(columns)), plans * columns[0][0].shape[1])
        group = np.tile(np.arange(columns[0][0].shape[1]), len(columns) * plans)
        convexity = sparse.csr_matrix(
            (np.ones(variables), (shard * columns[0][0].shape[1] + group, np.arange(variables))),
            shape=(groups, variables),
        )
        matrix = sparse.vstack([convexity, sparse.csr_matrix(units[:, capped].T)])
        answer = linprog(
            -gains, A_ub=matrix, b_ub=np.concatenate([np.ones(groups), capacity * (1 - 1e-9)]),
            bounds=(0, None), method="highs",
        )  # fmt: skip
        if answer.status != 0:
            break
        weights = np.clip(answer.x, 0.0, 1.0).reshape(len(columns), plans, -1)
        mixed = engine.mix(list(weights))
        mixed_value = sum(v for v, _ in mixed)
        sold = np.sum([u for _, u in mixed], axis=0)[capped]
        if mixed_value > value and (sold <= capacity * (1 + 1e-9)).all():
            engine.adopt()
            value = mixed_value
        next_prices = np.zeros(len(request.placement_ids))
        next_prices[capped] = np.maximum(-answer.ineqlin.marginals[groups:], 0.0)
        merchants_bound, _ = engine.solve(next_prices)
        at = float(next_prices[capped] @ capacity + merchants_bound)
        if at < bound:
            bound, prices = at, next_prices
    return bound, value, prices
