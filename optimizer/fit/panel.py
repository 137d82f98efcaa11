"""Rows (store, placement, week, spend, conversions, revenue) as arrays the model reads.

Curves are laid out placement by placement, ``[placement, slot, week]``, so that one
placement's carryover applies to a whole slab at once; slots a placement does not use and
weeks without a row are masked out (a week without a row had no spend, and its conversions
were not reported).

Only the latest ``MAX_WEEKS`` weeks are laid out: the model's carryover is a weeks-by-weeks
matrix, so a long history costs the square of its length, and what a store's ads did four
years ago says little of what they do now. Older rows are left out and counted (``left_out``).
"""

from dataclasses import dataclass

import numpy as np

MAX_WEEKS = 156  # three years


@dataclass
class Panel:
    placements: list[str]
    stores: list[str]
    curve_store: np.ndarray  # [P, S] index into stores, -1 where the slot is unused
    spend: np.ndarray  # [P, S, W], in units of the placement's typical spend
    conversions: np.ndarray  # [P, S, W]
    revenue: np.ndarray  # [P, S, W]
    observed: np.ndarray  # [P, S, W] bool: a row was given
    scale: np.ndarray  # [P] the placement's typical weekly spend (median of positive spends)
    weeks: int
    left_out: int = 0  # rows older than the latest MAX_WEEKS weeks

    @property
    def used(self) -> np.ndarray:
        return self.curve_store >= 0


def panel_from_columns(store, placement, week_day, spend, conversions, revenue) -> Panel:
    """``week_day``: each row's Monday as a day number (any origin); the rest are arrays."""
    week_day = np.asarray(week_day, dtype=np.int64)
    recent = week_day > week_day.max() - 7 * MAX_WEEKS
    left_out = int((~recent).sum())
    if left_out:
        store, placement, week_day = (np.asarray(a)[recent] for a in (store, placement, week_day))
        spend, conversions, revenue = (
            np.asarray(a, dtype=float)[recent] for a in (spend, conversions, revenue)
        )
    placements, p_of = np.unique(np.asarray(placement, dtype=object).astype(str),
                                 return_inverse=True)  # fmt: skip
    stores, s_of = np.unique(np.asarray(store, dtype=object).astype(str), return_inverse=True)
    week = (week_day - week_day.min()) // 7
    weeks = int(week.max()) + 1
    spend = np.asarray(spend, dtype=float)
    # slot of each (placement, store) pair within its placement
    pair = p_of.astype(np.int64) * len(stores) + s_of
    pairs, pair_of = np.unique(pair, return_inverse=True)
    pair_placement = pairs // len(stores)
    first_of_placement = np.searchsorted(pair_placement, np.arange(len(placements)))
    slot_of_pair = np.arange(len(pairs)) - first_of_placement[pair_placement]
    slots = int(slot_of_pair.max()) + 1
    shape = (len(placements), slots, weeks)
    curve_store = np.full(shape[:2], -1, dtype=np.int64)
    curve_store[pair_placement, slot_of_pair] = pairs % len(stores)
    index = (p_of, slot_of_pair[pair_of], week)
    grids = {}
    for name, values in (("spend", spend), ("conversions", conversions), ("revenue", revenue)):
        grid = np.zeros(shape)
        grid[index] = np.asarray(values, dtype=float)
        grids[name] = grid
    observed = np.zeros(shape, dtype=bool)
    observed[index] = True
    # a placement nobody spent on is measured in the other placements' typical spend
    anywhere = grids["spend"][grids["spend"] > 0]
    scale = np.full(len(placements), float(np.median(anywhere)) if anywhere.size else 1.0)
    for j in range(len(placements)):
        positive = grids["spend"][j][grids["spend"][j] > 0]
        if positive.size:
            scale[j] = float(np.median(positive))
    return Panel(
        placements=[str(p) for p in placements],
        stores=[str(s) for s in stores],
        curve_store=curve_store,
        spend=grids["spend"] / scale[:, None, None],
        conversions=grids["conversions"],
        revenue=grids["revenue"],
        observed=observed,
        scale=scale,
        weeks=weeks,
        left_out=left_out,
    )
