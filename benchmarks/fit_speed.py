"""``python -m optimizer fit`` against its baselines on one simulated market, same run.

``python -m benchmarks.fit_speed [STORES PLACEMENTS WEEKS] [--mmm-stores N] [--mle-curves N]
[--seed N] [--command]`` (default 1000 10 52, 2 MMM stores, 500 MLE curves, seed 2026).

Issue 25 item 6, fit at scale, is one command (the baselines left out: ``--mle-curves 0``)::

    python -m benchmarks.fit_speed 10000 20 52 --mmm-stores 0 --mle-curves 0 --command

``--command`` writes the simulated market to a Parquet file and times ``python -m optimizer
fit FILE --out OUT`` in a process of its own, as an operator runs it: wall-clock, CPU time,
peak memory (the child's maximum resident set) and the load beside them. Without it the fit
runs in this process, whose peak memory includes the simulator's millions of Python rows.
Measured 7 December 2026 (the model before the spend-level slope; the slope adds no step):
9,466,771 rows, 108 MB of Parquet; 261 s of CPU in all (reading, holdout fit, full fit),
peak resident memory 6.84 GB, reached while reading (the reader turns every cell into a
Python object; the model's arrays are about 40 MB each). Wall-clock 3,025 s, but with the
load at 20-30 on the 2 cores the process got about a tenth of a core: on a quiet machine the
wall-clock is at most the CPU time, well inside the 15 minutes, without Ray. Recovery there:
h 15.6%, k 8.5% on 29,447 well-explored curves, coverage 0.90 and 0.90, carryover within
0.003, plans 0.996 of the oracle's.

- **ours**: ``fit_results`` (NumPyro model, empirical-Bayes Laplace rounds), everything
  included: reading the rows into arrays, the holdout fit, the full fit, JIT compilation.
- **per-pair MLE**: each store and placement alone (k, h and its own carryover), negative
  log-likelihood (Poisson) minimised by scipy's L-BFGS-B, Wald intervals from a numerical
  Hessian; on a sample of curves, its time extrapolated to all.
- **PyMC-Marketing MMM**: its own MMM (geometric adstock, Michaelis-Menten saturation, NUTS
  500+500, 2 chains) fitted store by store, on a sample of stores, its time extrapolated.
  Runs in a subprocess with PYTHONPATH=$FIT_BENCH_PYMC (default /tmp/fit22-pymc) because
  pymc-marketing pins numba older than the portal's (see ``fit_pymc_marketing.py``).

Judged alike by ``optimizer.fit.evaluate``: median relative error of h and k on well-explored
curves, 90% interval coverage over every curve, and the revenue of each store's plan
(``optimizer.plan``) made on the fitted curves against the plan on the true ones.
The machine's load is printed: it is shared, and every time here is wall-clock.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date

import numpy as np
from scipy.optimize import minimize

from optimizer.fit.evaluate import carryover_errors, plan_ratio, recovery
from optimizer.fit.fitting import fit_results
from optimizer.fit.reading import results_from_rows
from optimizer.fit.simulator import simulate

Z90 = 1.6448536269514722


def main(argv: list[str]) -> None:
    numbers = [int(a) for a in argv if a.isdigit() and not _after_flag(argv, a)]
    stores, placements, weeks = (numbers + [1000, 10, 52][len(numbers) :])[:3]
    mmm_stores = _flag(argv, "--mmm-stores", 2)
    mle_curves = _flag(argv, "--mle-curves", 500)
    seed = _flag(argv, "--seed", 2026)
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    market = simulate(stores, placements, weeks, seed=seed)
    rows = len(market.rows["store"])
    print(
        f"market: {stores} stores x {placements} placements x {weeks} weeks, {rows} rows, "
        f"seed {seed}"
    )
    plan_stores = [f"s{i}" for i in range(min(stores, 100))]
    table = []

    started = time.perf_counter()
    if "--command" in argv:
        ours = _fit_command(market)
    else:
        ours = fit_results(results_from_rows(market.rows)).to_json()
    seconds = time.perf_counter() - started
    table.append(_row("ours (NumPyro, EB Laplace)", seconds, ours["curves"], market, plan_stores))
    print("carryover:", carryover_errors(ours["placements"], market), ours["fit"])

    if not mle_curves:
        _print_table(table)
        return
    # whole stores, so that their plans can be judged too
    rng = np.random.default_rng(0)
    sample_stores = sorted(rng.choice(stores, min(stores, max(1, mle_curves // placements)),
                                      replace=False))  # fmt: skip
    sample = [key for key in sorted(market.truth) if int(key[0][1:]) in set(sample_stores)]
    started = time.perf_counter()
    mle = _per_pair_mle(market, sample)
    seconds = (time.perf_counter() - started) * len(market.truth) / len(sample)
    table.append(_row(f"per-pair MLE (scipy; {len(sample)} curves, extrapolated)", seconds,
                      mle, market, [f"s{i}" for i in sample_stores]))  # fmt: skip

    mmm = _pymc_marketing(market, [f"s{i}" for i in range(mmm_stores)]) if mmm_stores else None
    if mmm is not None:
        curves, per_store = mmm
        table.append(_row(f"PyMC-Marketing MMM per store ({mmm_stores} stores, extrapolated)",
                          per_store * stores, curves, market,
                          [f"s{i}" for i in range(mmm_stores)]))  # fmt: skip
    _print_table(table)


def _print_table(table):
    print()
    print(
        "| method | seconds | h error | k error | h error, k error (section 5 explored) "
        "| h coverage | k coverage | plan revenue |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in table:
        print("| " + " | ".join(row) + " |")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


def _fit_command(market) -> dict:
    """The market as one Parquet file, fitted by ``python -m optimizer fit`` in a child
    process: its wall-clock, CPU and peak memory printed with the load."""
    import resource

    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tempfile.mkdtemp(prefix="fit_scale_")
    source, target = os.path.join(folder, "results.parquet"), os.path.join(folder, "fit.json")
    pq.write_table(pa.table(market.rows), source)
    size = os.path.getsize(source) / 2**20
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "optimizer", "fit", source, "--out", target],
                          capture_output=True, text=True)  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"fit exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(
        f"python -m optimizer fit ({size:.0f} MB Parquet): {wall:.0f} s wall, {cpu:.0f} s CPU, "
        f"peak memory {after.ru_maxrss / 2**20:.2f} GB; load {load[0]:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after (1-minute averages; 5-minute {os.getloadavg()[1]:.1f})"
    )
    with open(target) as handle:
        return json.load(handle)


def _row(name, seconds, curves, market, plan_stores):
    found = recovery(curves, market)  # over the curves given (a baseline's sample)
    ratio = plan_ratio(curves, market, plan_stores) if plan_stores else float("nan")
    return [
        name, f"{seconds:,.0f}", f"{found['h_error']:.1%} (n={found['well_explored']})",
        f"{found['k_error']:.1%}",
        f"{found['h_error_explored']:.1%}, {found['k_error_explored']:.1%} (n={found['explored']})",
        f"{found['h_coverage']:.2f}", f"{found['k_coverage']:.2f}",
        f"{ratio:.3f}",
    ]  # fmt: skip


def _per_pair_mle(market, keys):
    with np.errstate(over="ignore"):  # an unidentified curve's interval is infinite: right
        return _mle_curves(market, keys)


def _mle_curves(market, keys):
    index = _index_rows(market)
    curves = []
    for key in keys:
        spend, conv, revenue, seen = index[key]
        scale = max(np.median(spend[spend > 0]), 1e-9) if (spend > 0).any() else 1.0
        s = spend / scale

        def nll(params, s=s, conv=conv, seen=seen):
            log_k, log_h, logit_c = np.clip(params, -30, 30)
            c = 1 / (1 + np.exp(-logit_c))
            x = np.zeros_like(s)
            previous = 0.0
            for t in range(len(s)):
                previous = s[t] + c * previous
                x[t] = previous
            k, h = np.exp(log_k), np.exp(log_h)
            mean = k * h * x / (h + x) + 1e-9
            return float(np.sum((mean - conv * np.log(mean))[seen]))

        rate = (conv[seen].sum() + 0.5) / max(s[seen].sum(), 1e-9)
        best = minimize(nll, [np.log(rate) + 0.5, 0.0, -1.0], method="L-BFGS-B")
        sd = _wald(nll, best.x)
        log_k, log_h = best.x[0], best.x[1]
        aov = revenue[seen].sum() / conv[seen].sum() if conv[seen].sum() else 50.0
        curves.append({
            "store": key[0], "placement": key[1],
            "conversions_per_spend": float(np.exp(log_k) / scale),
            "conversions_per_spend_interval": [float(np.exp(log_k - Z90 * sd[0]) / scale),
                                               float(np.exp(log_k + Z90 * sd[0]) / scale)],
            "half_spend": float(np.exp(log_h) * scale),
            "half_spend_interval": [float(np.exp(log_h - Z90 * sd[1]) * scale),
                                    float(np.exp(log_h + Z90 * sd[1]) * scale)],
            "aov": float(aov),
        })  # fmt: skip
    return curves


def _wald(nll, point, step=1e-3):
    """Standard deviations from the inverse of a finite-difference Hessian (inf if singular)."""
    n = len(point)
    hessian = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            e_i, e_j = np.eye(n)[i] * step, np.eye(n)[j] * step
            hessian[i, j] = (
                nll(point + e_i + e_j) - nll(point + e_i - e_j)
                - nll(point - e_i + e_j) + nll(point - e_i - e_j)
            ) / (4 * step**2)  # fmt: skip
    try:
        variance = np.diag(np.linalg.inv(hessian))
    except np.linalg.LinAlgError:
        return np.full(n, np.inf)
    return np.where(variance > 0, np.sqrt(np.abs(variance)), np.inf)


def _index_rows(market):
    r = market.rows
    first = min(date.fromisoformat(w).toordinal() for w in set(r["week"]))
    weeks = 1 + max((date.fromisoformat(w).toordinal() - first) // 7 for w in set(r["week"]))
    index = {key: tuple(np.zeros(weeks) for _ in range(4)) for key in market.truth}
    for s, p, w, sp, cv, rv in zip(r["store"], r["placement"], r["week"], r["spend"],
                                   r["conversions"], r["revenue"], strict=True):  # fmt: skip
        t = (date.fromisoformat(w).toordinal() - first) // 7
        spend, conv, revenue, seen = index[(s, p)]
        spend[t], conv[t], revenue[t], seen[t] = sp, cv, rv, 1
    return {key: (a, b, c, d.astype(bool)) for key, (a, b, c, d) in index.items()}


def _pymc_marketing(market, stores):
    index = _index_rows(market)
    placements = sorted(market.carryover)
    payload = []
    for store in stores:
        spend = np.stack([index[(store, p)][0] for p in placements], 1)
        conv = sum(index[(store, p)][1] for p in placements)
        payload.append({"store": store, "spend": spend.tolist(), "conversions": conv.tolist()})
    folder = tempfile.mkdtemp(prefix="fit_bench_")
    source, target = os.path.join(folder, "in.json"), os.path.join(folder, "out.json")
    with open(source, "w") as handle:
        json.dump(payload, handle)
    env = {**os.environ, "PYTHONPATH": os.environ.get("FIT_BENCH_PYMC", "/tmp/fit22-pymc")}
    script = os.path.join(os.path.dirname(__file__), "fit_pymc_marketing.py")
    done = subprocess.run([sys.executable, script, source, target], env=env,
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode != 0:
        print("PyMC-Marketing did not run:", done.stderr.strip().splitlines()[-1:])
        return None
    with open(target) as handle:
        answers = json.load(handle)
    curves = []
    for answer in answers:
        for j, p in enumerate(placements):
            aov = market.truth[(answer["store"], p)]["aov"]  # the MMM models conversions only
            curves.append({
                "store": answer["store"], "placement": p,
                "conversions_per_spend": answer["k"][j],
                "conversions_per_spend_interval": [answer["k_low"][j], answer["k_high"][j]],
                "half_spend": answer["h"][j],
                "half_spend_interval": [answer["h_low"][j], answer["h_high"][j]],
                "aov": aov,
            })  # fmt: skip
    per_store = float(np.mean([a["seconds"] for a in answers]))
    return curves, per_store


def _flag(argv, name, default):
    return int(argv[argv.index(name) + 1]) if name in argv else default


def _after_flag(argv, value):
    i = argv.index(value)
    return i > 0 and argv[i - 1].startswith("--")


if __name__ == "__main__":
    main(sys.argv[1:])
