"""A random part of the market, for a first guess at the whole market's prices.

From SAMPLE_FROM merchants on, both methods start from the capacity prices of a random sixth
of the merchants (500 to 10,000) holding their share of every capacity: with many merchants
the sample's prices are close to the whole market's, and solving the sample is cheap.
"""

import dataclasses

import numpy as np

from .validation import PlatformRequest

SAMPLE_FROM = 2_000
SAMPLE_SHARE, SAMPLE_FEWEST, SAMPLE_MOST = 6, 500, 10_000


def sample_of(request: PlatformRequest, seed: int = 0) -> PlatformRequest | None:
    """A random sixth of the request's merchants (500 to 10,000), each capacity scaled to
    their share; None below SAMPLE_FROM merchants."""
    total = len(request.merchant_ids)
    if total < SAMPLE_FROM:
        return None
    merchants = min(max(total // SAMPLE_SHARE, SAMPLE_FEWEST), SAMPLE_MOST)
    rng = np.random.default_rng(seed)
    chosen = np.zeros(total, dtype=bool)
    chosen[rng.choice(total, size=merchants, replace=False)] = True
    rates = chosen[request.rate_merchant]
    number = np.cumsum(chosen) - 1
    ids = np.flatnonzero(chosen)
    return dataclasses.replace(
        request,
        capacity=request.capacity * (merchants / total),
        merchant_ids=[request.merchant_ids[i] for i in ids],
        budget=request.budget[chosen],
        min_roas=request.min_roas[chosen],
        rate_merchant=number[request.rate_merchant[rates]],
        **{name: getattr(request, name)[rates]
           for name in ("rate_placement", "cvr", "aov", "ctr", "half_spend")},
    )  # fmt: skip
