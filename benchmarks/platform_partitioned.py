"""The partitioned platform plan's memory and speed as the market grows (issue 26).

    python -m benchmarks.platform_partitioned 200000 1000000 [--workers 1 2] [--gap 0.001]

For each size: a seeded market of N merchants x 50 placements (each merchant on 35 of them,
every placement saturating) written once as hive-partitioned Parquet under
benchmarks/out/partitioned-N/ (kept: the next run reuses it), then planned with
``--engine ray`` on a local Ray cluster of W workers. Printed per run: the driver's and each
worker's peak resident memory (getrusage in each process, as the answer's
``peak_memory_mb`` says), the seconds per price iteration, the iterations, the gap, the wall
time, and the machine's load average (other programs share its cores).

Ray starts its workers 15 steps nicer than the command (its ``worker_niceness``: under
``nice -n 5`` they ran at 19 and got a tenth of a core on this busy machine): the run sets
``RAY_worker_niceness=0``, so the workers are as nice as the command started.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from optimizer.platform.partitioned.hashing import shard_of

OUT = Path(__file__).resolve().parent / "out"
PLACEMENTS, PER_MERCHANT, FILES, CHUNK = 50, 35, 16, 50_000
KEY = {"merchants": "id", "rates": "merchant"}


def generate(root: Path, merchants: int, seed: int = 2026, by_shard: int = 0) -> Path:
    """``by_shard`` S: rates and merchants in ``shards=S/shard=K/`` folders by the workers'
    merchant hash (each worker then reads only its own), else in ``bucket=B/`` by row."""
    if (root / "done").exists():
        return root
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "request.json").write_text(json.dumps({"objective": "revenue"}))
    index = np.arange(PLACEMENTS)
    cpm = index % 4 == 3
    price = np.where(cpm, rng.uniform(4, 25, PLACEMENTS), rng.uniform(0.15, 2.5, PLACEMENTS))
    share = PER_MERCHANT / PLACEMENTS
    per_merchant = rng.uniform(20, 400, PLACEMENTS) * np.where(cpm, 1000, 1)
    pq.write_table(pa.table({
        "id": [f"placement_{i:02d}" for i in index], "pricing": np.where(cpm, "cpm", "cpc"),
        "price": price.round(2), "ctr": pa.array(rng.uniform(0.002, 0.02, PLACEMENTS), mask=~cpm),
        "capacity": (per_merchant * merchants * share * rng.uniform(0.05, 0.6, PLACEMENTS)).round(),
        "half_spend": rng.uniform(300, 5000, PLACEMENTS).round(2),
    }), root / "placements.parquet")  # fmt: skip
    for start in range(0, merchants, CHUNK):
        ids = np.arange(start, min(start + CHUNK, merchants))
        names = np.char.add("m", ids.astype(str))
        floors = pa.array(rng.uniform(1.5, 6, len(ids)), mask=rng.random(len(ids)) >= 0.4)
        chosen = np.argsort(rng.random((len(ids), PLACEMENTS)), axis=1)[:, :PER_MERCHANT]
        merchant = np.repeat(names, PER_MERCHANT)
        rows = len(merchant)
        own_half = pa.array(rng.uniform(200, 8000, rows), mask=rng.random(rows) >= 0.33)
        tables = {
            "merchants": pa.table({"id": names, "budget": rng.uniform(200, 20000, len(ids)),
                                   "min_roas": floors}),
            "rates": pa.table({
                "merchant": merchant, "placement": np.char.add("placement_", np.char.zfill(
                    chosen.ravel().astype(str), 2)),
                "cvr": rng.uniform(0.005, 0.09, rows), "aov": rng.uniform(15, 250, rows),
                "half_spend": own_half,
            }),
        }  # fmt: skip
        bucket = (start // CHUNK) % FILES
        for stem, table in tables.items():
            name = f"part-{start // CHUNK:05d}.parquet"
            if not by_shard:
                folder = root / stem / f"bucket={bucket}"
                folder.mkdir(parents=True, exist_ok=True)
                pq.write_table(table, folder / name)
                continue
            shard = shard_of(table.column(KEY[stem]), by_shard)
            for k in range(by_shard):
                folder = root / stem / f"shards={by_shard}" / f"shard={k}"
                folder.mkdir(parents=True, exist_ok=True)
                pq.write_table(table.filter(pa.array(shard == k)), folder / name)
    (root / "done").write_text("")
    return root


def run(root: Path, workers: int, gap: float) -> dict:
    out = root.with_name(root.name + f"-answer-{workers}")
    env = {key: value for key, value in os.environ.items() if key != "RAY_ADDRESS"}
    env.setdefault("RAY_worker_niceness", "0")  # the workers as nice as this command
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "optimizer", "platform", str(root), "--engine", "ray",
         "--workers", str(workers), "--gap", str(gap), "--out", str(out)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"exit {done.returncode}: {done.stderr[-2000:]}")
    answer = json.loads(done.stdout)
    answer["wall_seconds"] = time.perf_counter() - started
    return answer


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("merchants", type=int, nargs="*", default=[200_000])
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--gap", type=float, default=1e-3)
    parser.add_argument("--by-shard", type=int, default=0, metavar="S",
                        help="partition by the workers' hash into S shard folders")  # fmt: skip
    args = parser.parse_args(argv)
    print(f"cores {os.cpu_count()}, load average at start {os.getloadavg()}")
    for merchants in args.merchants:
        started = time.perf_counter()
        name = f"partitioned-{merchants}" + (f"-by-{args.by_shard}" if args.by_shard else "")
        root = generate(OUT / name, merchants, by_shard=args.by_shard)
        print(f"{merchants:,} merchants x {PLACEMENTS} placements "
              f"({merchants * PER_MERCHANT:,} rates): data ready in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        for workers in args.workers:
            answer = run(root, workers, args.gap)
            memory = answer["peak_memory_mb"]
            print(f"  {workers} worker(s): driver peak {memory['driver']:.0f} MB, workers "
                  f"{', '.join(f'{m:.0f}' for m in memory['workers'])} MB; "
                  f"{answer['seconds_per_iteration']:.2f} s per price iteration, "
                  f"{answer['price_iterations']} iterations, gap {answer['gap']:.2e} "
                  f"({'certified' if answer['gap'] <= args.gap else 'NOT certified'}), "
                  f"objective {answer['objective_value']:.6e}, "
                  f"wall {answer['wall_seconds']:.0f} s, "
                  f"load {os.getloadavg()[0]:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
