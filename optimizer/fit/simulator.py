"""A simulated market with known curves: what ``fit`` is checked against.

Each placement has a carryover and a population of stores' curves (log-normal k and h around
the placement's); each store spends weekly around its own level, so some curves are well
explored (spend varied and past h) and some are not (``flat`` stores spend one level, ``timid``
stores never reach a tenth of h). Conversions are negative binomial around the curve; revenue
is conversions times the store's aov with per-order noise.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

FIRST_MONDAY = date(2025, 1, 6)


@dataclass
class Market:
    rows: dict  # column -> list, one row per store, placement and week with spend
    truth: dict  # (store, placement) -> {"k", "h", "aov", "explored"}
    carryover: dict  # placement -> c
    placement_curve: dict  # placement -> {"k", "h"} (the population's median)


def simulate(
    stores: int = 100,
    placements: int = 4,
    weeks: int = 52,
    seed: int = 0,
    flat_share: float = 0.05,
    timid_share: float = 0.05,
    dispersion: float = 30.0,
    volume: float = 1.0,
) -> Market:
    """``volume`` scales every k: a market with more conversions a week says more per curve."""
    rng = np.random.default_rng(seed)
    ids = [f"p{j}" for j in range(placements)]
    carry = rng.uniform(0.05, 0.6, placements)
    median_h = rng.uniform(500, 3000, placements)
    median_k = volume * rng.uniform(0.01, 0.05, placements)
    median_aov = rng.uniform(30, 90, placements)
    sd_logk, sd_logh, sd_aov = 0.3, 0.4, 0.2
    columns = {name: [] for name in ("store", "placement", "week", "spend", "conversions",
                                     "revenue")}  # fmt: skip
    truth = {}
    mondays = [(FIRST_MONDAY + timedelta(weeks=t)).isoformat() for t in range(weeks)]
    for s in range(stores):
        store = f"s{s}"
        kind = rng.choice(3, p=[1 - flat_share - timid_share, flat_share, timid_share])
        for j, placement in enumerate(ids):
            k = median_k[j] * np.exp(sd_logk * rng.standard_normal())
            h = median_h[j] * np.exp(sd_logh * rng.standard_normal())
            aov = median_aov[j] * np.exp(sd_aov * rng.standard_normal())
            if kind == 1:  # one spend level, every week
                spend = np.full(weeks, round(h * rng.uniform(0.3, 2.0), 2))
            elif kind == 2:  # never past a tenth of h
                spend = h * rng.uniform(0.005, 0.1) * np.exp(0.3 * rng.standard_normal(weeks))
            else:
                level = h * np.exp(rng.uniform(np.log(0.3), np.log(3.0)))
                spend = level * np.exp(0.6 * rng.standard_normal(weeks))
                spend[rng.random(weeks) < 0.1] = 0.0
            spend = np.round(spend, 2)
            effective = np.zeros(weeks)
            for t in range(weeks):
                effective[t] = spend[t] + (carry[j] * effective[t - 1] if t else 0.0)
            mean = k * h * effective / (h + effective)
            gamma = rng.gamma(dispersion, mean / dispersion)
            conversions = rng.poisson(gamma)
            noise = np.exp(0.3 * rng.standard_normal(weeks) / np.sqrt(np.maximum(conversions, 1)))
            revenue = np.round(conversions * aov * noise, 2)
            for t in range(weeks):
                if spend[t] > 0 or kind == 1:
                    columns["store"].append(store)
                    columns["placement"].append(placement)
                    columns["week"].append(mondays[t])
                    columns["spend"].append(float(spend[t]))
                    columns["conversions"].append(int(conversions[t]))
                    columns["revenue"].append(float(revenue[t]))
            spent = effective[spend > 0]
            truth[(store, placement)] = {
                "k": float(k), "h": float(h), "aov": float(aov),
                "explored": bool(kind == 0 and effective.max() > 0.5 * h),
                "reach_low": float(spent.min() / h) if spent.size else 0.0,
                "reach_high": float(spent.max() / h) if spent.size else 0.0,
                "spend_weeks": int((spend > 0).sum()),
            }  # fmt: skip
    return Market(
        rows=columns,
        truth=truth,
        carryover={p: float(c) for p, c in zip(ids, carry, strict=True)},
        placement_curve={
            p: {"k": float(k), "h": float(h)}
            for p, k, h in zip(ids, median_k, median_h, strict=True)
        },
    )
