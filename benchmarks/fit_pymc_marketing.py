"""PyMC-Marketing's own MMM, store by store: the baseline ``fit_speed.py`` runs in a subprocess.

It runs apart because pymc-marketing pins numba and llvmlite older than the portal's: install
it in a folder of its own (``pip install --target DIR pymc-marketing==0.19.2``, the ``bench``
extra) and give that folder as PYTHONPATH. Reads a JSON list of stores (weeks x placements of
spend, and weekly conversions summed over placements: an MMM explains one target per store);
writes, per store and placement, the posterior median and 90% interval of k and h in the
data's own units, and the seconds each store took.

One store is one MMM: geometric adstock (not normalised, as OPTIMIZER.md section 5 has it)
then Michaelis-Menten saturation alpha x / (lam + x), i.e. k = alpha / lam and h = lam once
the MMM's max scaling is undone.
"""

import json
import logging
import sys
import time
import warnings


def main(source: str, target: str) -> None:
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    import numpy as np
    import pandas as pd
    from pymc_marketing.mmm import MMM, GeometricAdstock, MichaelisMentenSaturation

    with open(source) as handle:
        stores = json.load(handle)
    answers = []
    for store in stores:
        started = time.perf_counter()
        spend = np.asarray(store["spend"])  # [weeks, placements]
        channels = [f"c{j}" for j in range(spend.shape[1])]
        frame = pd.DataFrame(spend, columns=channels)
        frame["date"] = pd.date_range("2025-01-06", periods=len(frame), freq="W-MON")
        y = pd.Series(np.asarray(store["conversions"], dtype=float))
        mmm = MMM(
            date_column="date",
            channel_columns=channels,
            adstock=GeometricAdstock(l_max=8, normalize=False),
            saturation=MichaelisMentenSaturation(),
        )
        mmm.fit(frame, y, draws=500, tune=500, chains=2, cores=1, progressbar=False,
                random_seed=1)  # fmt: skip
        post = mmm.fit_result
        alpha = post["saturation_alpha"].values.reshape(-1, len(channels))
        lam = post["saturation_lam"].values.reshape(-1, len(channels))
        channel_max = spend.max(0)
        target_max = float(np.abs(y).max())
        h = lam * channel_max  # lam is in units of the channel's maximum spend
        k = alpha * target_max / h  # alpha in units of the target's maximum
        answers.append({
            "store": store["store"],
            "seconds": time.perf_counter() - started,
            "k": np.median(k, 0).tolist(), "k_low": np.quantile(k, 0.05, 0).tolist(),
            "k_high": np.quantile(k, 0.95, 0).tolist(),
            "h": np.median(h, 0).tolist(), "h_low": np.quantile(h, 0.05, 0).tolist(),
            "h_high": np.quantile(h, 0.95, 0).tolist(),
        })  # fmt: skip
    with open(target, "w") as handle:
        json.dump(answers, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
