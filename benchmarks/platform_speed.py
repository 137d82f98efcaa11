"""The platform command against the direct highspy baseline, same file, same run.

    python -m benchmarks.platform_speed 3000 20000 --repeat 3

For each size: generate a seeded instance, run ``python -m optimizer platform FILE`` and
``python -m benchmarks.platform_baseline FILE`` as separate processes (alternating, so load
on the machine hits both alike), check the optima agree to 1e-6, and print the median wall
time and peak memory (each child's own maximum resident set) with their ratios.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .platform_instances import generate

OURS = [sys.executable, "-m", "optimizer", "platform"]
BASELINE = [sys.executable, "-m", "benchmarks.platform_baseline"]


def measure(command: list[str], output: Path) -> tuple[float, float]:
    """Wall seconds and peak resident megabytes of one run of ``command``."""
    with output.open("w") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=sink, cwd=Path(__file__).resolve().parent.parent)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def run(sizes: list[int], repeat: int) -> None:
    print("Platform plan: python -m optimizer platform vs direct numpy/scipy + highspy")
    print(
        f"  {'merchants':>9} {'columns':>9} {'ours s':>8} {'base s':>8} {'time x':>7} "
        f"{'ours MB':>8} {'base MB':>8} {'mem x':>6}  optimum"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            instance = Path(folder) / f"platform-{size}.json"
            data = generate(size)
            columns = sum(len(m["rates"]) for m in data["merchants"])
            instance.write_text(json.dumps(data))
            del data
            ours_out, base_out = Path(folder) / "ours.json", Path(folder) / "base.json"
            ours, base = [], []
            for _ in range(repeat):
                ours.append(measure([*OURS, str(instance)], ours_out))
                base.append(measure([*BASELINE, str(instance)], base_out))
            ours_value = json.loads(ours_out.read_text())["objective_value"]
            base_value = json.loads(base_out.read_text())["objective_value"]
            agree = abs(ours_value - base_value) <= 1e-6 * abs(base_value)
            ours_time = statistics.median(t for t, _ in ours)
            base_time = statistics.median(t for t, _ in base)
            ours_memory = max(m for _, m in ours)
            base_memory = max(m for _, m in base)
            print(
                f"  {size:>9,} {columns:>9,} {ours_time:>8.2f} {base_time:>8.2f} "
                f"{ours_time / base_time:>7.2f} {ours_memory:>8.0f} {base_memory:>8.0f} "
                f"{ours_memory / base_memory:>6.2f}  {'agree' if agree else 'DIFFER'} "
                f"({ours_value:,.2f})"
            )
            if not agree:
                raise SystemExit(f"optima differ: {ours_value} vs {base_value}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[3000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    run(args.sizes, args.repeat)


if __name__ == "__main__":
    main()
