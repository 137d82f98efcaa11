"""A warm re-plan against a cold one, after some merchants changed (issue 25, item 4).

    python -m benchmarks.platform_warm 200000 1000000 [--changed 0.05] [--workers 2]

For each size: the seeded market of ``platform_partitioned`` (N merchants x 50 placements,
35 rates each, written by the workers' hash, ``--by-shard 16``) and its answer, both kept
under benchmarks/out/; a copy where a fraction of the merchants changed (``changed_copy``:
half of them their budget, half their rates; seeded, kept); then that copy planned twice on
local Ray: cold (prices from zero) and warm (``--warm`` the first answer). Printed per run:
the price iterations, seconds per iteration, reading, prices and writing seconds, the wall
time, the gap (certified or not), the objective, the peak memory of the driver and each
worker, CPU seconds, and the load average before and after (other programs share the cores).

The workers run as nice as the command (``RAY_worker_niceness=0``, as in
``platform_partitioned``); run it under ``nice -n 5`` on a shared machine.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .platform_partitioned import OUT, PER_MERCHANT, PLACEMENTS, generate

SHARDS = 16


def changed_copy(root: Path, fraction: float, seed: int) -> Path:
    """A copy of ``root`` where ``fraction`` of the merchants changed: half of them their
    budget (times 0.5 to 1.5), half their rates (cvr times 0.7 to 1.3, aov times 0.8 to 1.25).
    Files keep their names and folders; the placements are the same."""
    target = root.with_name(f"{root.name}-changed-{fraction:g}-seed-{seed}")
    if (target / "done").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in ("request.json", "placements.parquet"):
        shutil.copy(root / name, target / name)
    parts = sorted((root / "merchants").rglob("*.parquet"))
    for index, path in enumerate(parts):
        relative = path.relative_to(root / "merchants")
        rng = np.random.default_rng([seed, index])
        merchants = pq.read_table(path)
        chosen = rng.random(merchants.num_rows) < fraction
        budget_too = chosen & (rng.random(merchants.num_rows) < 0.5)
        budget = merchants["budget"].to_numpy()
        budget = np.where(budget_too, budget * rng.uniform(0.5, 1.5, len(budget)), budget)
        merchants = merchants.set_column(
            merchants.schema.get_field_index("budget"), "budget", pa.array(budget)
        )
        _write(merchants, target / "merchants" / relative)
        rates = pq.read_table(root / "rates" / relative)
        ids = merchants["id"].filter(pa.array(chosen & ~budget_too))
        hit = pc.is_in(rates["merchant"], value_set=ids).to_numpy(zero_copy_only=False)
        for column, low, high, cap in (("cvr", 0.7, 1.3, 1.0), ("aov", 0.8, 1.25, np.inf)):
            values = rates[column].to_numpy()
            factor = np.where(hit, rng.uniform(low, high, len(values)), 1.0)
            rates = rates.set_column(
                rates.schema.get_field_index(column), column,
                pa.array(np.minimum(values * factor, cap)),
            )  # fmt: skip
        _write(rates, target / "rates" / relative)
    (target / "done").write_text("")
    return target


def _write(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)


def run(root: Path, out: Path, workers: int, gap: float, warm: Path | None = None) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "RAY_ADDRESS"}
    env.setdefault("RAY_worker_niceness", "0")  # the workers as nice as this command
    command = [sys.executable, "-m", "optimizer", "platform", str(root), "--engine", "ray",
               "--workers", str(workers), "--gap", str(gap), "--out", str(out)]  # fmt: skip
    if warm is not None:
        command += ["--warm", str(warm)]
    load_before = os.getloadavg()[0]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"exit {done.returncode}: {done.stderr[-2000:]}")
    answer = json.loads(done.stdout)
    answer["wall_seconds"] = wall
    answer["load"] = (load_before, os.getloadavg()[0])
    answer["command_cpu_seconds"] = (cpu_after.ru_utime + cpu_after.ru_stime
                                     - cpu_before.ru_utime - cpu_before.ru_stime)  # fmt: skip
    return answer


def line(label: str, answer: dict, gap: float) -> str:
    memory = answer["peak_memory_mb"]
    workers_cpu = sum(answer.get("cpu_seconds", {}).get("workers", []))
    reading_cpu = sum(answer.get("cpu_seconds", {}).get("workers_reading", []))
    return (
        f"  {label:<5} {answer['price_iterations']:>4} it  "
        f"{answer['seconds_per_iteration']:6.2f} s/it  "
        f"start {answer['seconds_starting']:5.1f}  read {answer['seconds_reading']:6.1f}  "
        f"prices {answer['seconds_prices']:6.1f}  write {answer['seconds_writing']:5.1f}  "
        f"wall {answer['wall_seconds']:6.1f} s  gap {answer['gap']:.2e} "
        f"({'certified' if answer['gap'] <= gap else 'NOT certified'})  "
        f"objective {answer['objective_value']:.6e}  "
        f"peak MB driver {memory['driver']:.0f} workers "
        f"{'/'.join(f'{m:.0f}' for m in memory['workers'])}  "
        f"cpu s command {answer['command_cpu_seconds']:.0f} workers {workers_cpu:.0f} "
        f"(reading {reading_cpu:.0f})  "
        f"load {answer['load'][0]:.1f}->{answer['load'][1]:.1f}"
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("merchants", type=int, nargs="*", default=[200_000])
    parser.add_argument("--changed", type=float, default=0.05, help="fraction of merchants")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--gap", type=float, default=1e-3)
    parser.add_argument("--skip-cold", action="store_true",
                        help="the warm run only (the first answer is the cold figure)")  # fmt: skip
    args = parser.parse_args(argv)
    print(f"cores {os.cpu_count()}, load average at start {os.getloadavg()}")
    for merchants in args.merchants:
        started = time.perf_counter()
        root = generate(OUT / f"partitioned-{merchants}-by-{SHARDS}", merchants,
                        by_shard=SHARDS)  # fmt: skip
        previous = root.with_name(root.name + f"-answer-{args.workers}.json")
        if not previous.exists():
            first = run(root, root.with_name(root.name + "-answer"), args.workers, args.gap)
            previous.write_text(json.dumps(first))
        first = json.loads(previous.read_text())
        changed = changed_copy(root, args.changed, args.seed)
        print(f"{merchants:,} merchants x {PLACEMENTS} placements "
              f"({merchants * PER_MERCHANT:,} rates), {args.changed:.0%} changed, "
              f"{args.workers} workers: data and first answer ready in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        print(line("first", first, args.gap) + "  (cold, the market before the change)")
        answers = {}
        for label, warm in (("cold", None), ("warm", previous)):
            if label == "cold" and args.skip_cold:
                continue
            out = changed.with_name(changed.name + f"-{label}")
            answers[label] = run(changed, out, args.workers, args.gap, warm)
            print(line(label, answers[label], args.gap), flush=True)
        if len(answers) == 2:
            cold, warm = answers["cold"], answers["warm"]
            print(f"  warm/cold: wall {warm['wall_seconds'] / cold['wall_seconds']:.2f}, "
                  f"iterations {warm['price_iterations']}/{cold['price_iterations']}, "
                  f"objective {warm['objective_value'] / cold['objective_value']:.6f}")  # fmt: skip


if __name__ == "__main__":
    main()
