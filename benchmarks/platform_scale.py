"""The platform plan at marketplace scale: Parquet in and out, decomposed on a local Ray cluster.

    python -m benchmarks.platform_scale 1000000 --workers 1 2

Writes a seeded marketplace of N merchants x 50 placements (each merchant on about 70% of
them: ~35 million rates at a million merchants; every placement saturates, a third of the
rates have their own half spend, 40% of merchants a ROAS floor, capacities that bind) as the
contract's Parquet directory, then runs ``python -m optimizer platform DIR --out OUT --engine
ray --workers W`` for each W, printing wall time, peak memory of the whole machine above
what it used before (Ray's workers are not our children, so the machine is sampled), the
proven gap and the time per price iteration (from the second on: the first also warms the
workers up); the ratio of those times says what more workers buy.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

PLACEMENTS = 50


def nullable(values: np.ndarray) -> pa.Array:
    """NaN as null: the reader refuses NaN, which is a number gone wrong, not a value left out
    (pandas writes null for a missing float; numpy arrays would carry NaN through)."""
    return pa.array(values, mask=np.isnan(values))


def write_marketplace(directory: Path, merchants: int, seed: int = 2026) -> int:
    rng = np.random.default_rng(seed)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "request.json").write_text(json.dumps({"objective": "revenue"}))
    cpm = np.arange(PLACEMENTS) % 4 == 3
    price = np.where(cpm, rng.uniform(4, 25, PLACEMENTS), rng.uniform(0.15, 2.5, PLACEMENTS))
    per_merchant = rng.uniform(20, 400, PLACEMENTS) * np.where(cpm, 1000, 1)
    pq.write_table(pa.table({
        "id": [f"placement_{j:02d}" for j in range(PLACEMENTS)],
        "pricing": np.where(cpm, "cpm", "cpc").tolist(),
        "price": price.round(2),
        "ctr": nullable(np.where(cpm, rng.uniform(0.002, 0.02, PLACEMENTS), np.nan)),
        "capacity": (per_merchant * merchants * rng.uniform(0.05, 0.6, PLACEMENTS)).round(),
        "half_spend": rng.uniform(300, 5000, PLACEMENTS).round(2),
    }), directory / "placements.parquet")  # fmt: skip
    ids = pa.array([f"m{m:07d}" for m in range(merchants)])
    floors = np.where(rng.random(merchants) < 0.4, rng.uniform(1.5, 6, merchants), np.nan)
    pq.write_table(pa.table({
        "id": ids, "budget": rng.uniform(200, 20000, merchants).round(2),
        "min_roas": nullable(floors),
    }), directory / "merchants.parquet")  # fmt: skip
    chosen = rng.random((merchants, PLACEMENTS)) < 0.7
    merchant, placement = np.nonzero(chosen)
    rates = len(merchant)
    own_half = np.where(rng.random(rates) < 0.33, rng.uniform(200, 8000, rates), np.nan)
    writer = None
    step = 5_000_000
    for start in range(0, rates, step):  # in row groups, so memory stays flat while writing
        part = slice(start, start + step)
        n = len(merchant[part])
        table = pa.table({
            "merchant": pa.DictionaryArray.from_arrays(pa.array(merchant[part]), ids),
            "placement": pa.DictionaryArray.from_arrays(
                pa.array(placement[part].astype(np.int32)),
                pa.array([f"placement_{j:02d}" for j in range(PLACEMENTS)]),
            ),
            "cvr": rng.uniform(0.005, 0.09, n).round(4),
            "aov": rng.uniform(15, 250, n).round(2),
            "half_spend": nullable(own_half[part]),
        })  # fmt: skip
        if writer is None:
            writer = pq.ParquetWriter(directory / "rates.parquet", table.schema)
        writer.write_table(table)
    writer.close()
    return rates


def used_megabytes() -> float:
    info = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    kilobytes = {k: float(v.split()[0]) for k, v in info.items() if v.strip().endswith("kB")}
    return (kilobytes["MemTotal"] - kilobytes["MemAvailable"]) / 1024


def run_once(directory: Path, out: Path, workers: int):
    before, peak, done = used_megabytes(), [0.0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], used_megabytes())
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    answer = subprocess.run(
        [sys.executable, "-m", "optimizer", "platform", str(directory), "--out", str(out),
         "--engine", "ray", "--workers", str(workers)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if answer.returncode != 0:
        raise SystemExit(f"exit {answer.returncode}: {answer.stderr[-2000:]}")
    return elapsed, peak[0] - before, json.loads(answer.stdout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("merchants", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        started = time.perf_counter()
        rates = write_marketplace(folder / "market", args.merchants)
        print(f"{args.merchants:,} merchants x {PLACEMENTS} placements: {rates:,} rates "
              f"(written in {time.perf_counter() - started:.0f} s)")  # fmt: skip
        first = None
        for workers in args.workers:  # the whole plan with each worker count
            seconds, memory, answer = run_once(folder / "market", folder / f"out{workers}", workers)
            first = first or answer["seconds_per_iteration"]
            print(
                f"  ray, {workers} worker(s): {seconds:8.1f} s  peak {memory / 1024:5.1f} GB  "
                f"gap {answer['gap']:.5f}  {answer['price_iterations']} price iterations at "
                f"{answer['seconds_per_iteration']:.2f} s (x "
                f"{answer['seconds_per_iteration'] / first:.2f} of {args.workers[0]} worker(s))"
                f" + {answer['master_rounds']} master rounds, {answer['allocation_rows']:,} rows"
            )


if __name__ == "__main__":
    main()
