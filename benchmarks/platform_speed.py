"""The platform command against the raw tool at its best, same file, same run.

    python -m benchmarks.platform_speed 3000 --saturated 3000 20000 --dense 3000 --repeat 3

For each linear size: a seeded instance; ``python -m optimizer platform FILE`` against
``python -m benchmarks.platform_baseline FILE ALGORITHM`` (numpy + highspy straight on the same LP)
under every algorithm HiGHS offers for it (dual simplex, serial and parallel, primal simplex,
interior point with and without crossover or presolve, PDLP); the baseline is the fastest of
them that reaches the optimum, and the optima must agree to 1e-6. For each saturated size: the
same marketplace with diminishing returns, solved by decomposition, against that same linear
baseline (the issue's yardstick), with its proven gap. For each dense size: issue 25's dense
market (``platform_instances.dense_market``: rates on 70% of the pairs, a quarter linear, floors
on a fifth of the merchants, capacities at 40% of what the budgets could buy), its linear version
against every HiGHS algorithm, then ours on both (the saturated one in turns with the fastest
algorithm, one run each, so that a slow spell of the machine falls on both). Every run is a
separate process; times are medians of wall time, with the CPU time (user + system, every
thread) beside them since the machine is shared; memory each child's peak. The machine's
load is printed with each figure.
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

from .platform_baseline import ALGORITHMS
from .platform_instances import generate

OURS = [sys.executable, "-m", "optimizer", "platform"]
BASELINE = [sys.executable, "-m", "benchmarks.platform_baseline"]


class TooSlow(Exception):
    pass


CPU: dict[str, list[float]] = {}  # CPU seconds of every run, by the command's last two words


def cpu(command: list[str]) -> float:
    return statistics.median(CPU[" ".join(command[-2:])])


def load() -> str:
    return "load " + " ".join(f"{v:.1f}" for v in os.getloadavg())


def measure(command: list[str], output: Path, limit: float | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident megabytes of one run of ``command``; TooSlow past
    ``limit`` seconds (a baseline algorithm that cannot be the fastest is not waited for).
    The run's CPU seconds are added to ``CPU[command[-1]]``."""
    with output.open("w") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=sink, cwd=Path(__file__).resolve().parent.parent)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if limit is not None and time.perf_counter() - start > limit:
                process.kill()
                os.wait4(process.pid, 0)
                raise TooSlow
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
    CPU.setdefault(" ".join(command[-2:]), []).append(usage.ru_utime + usage.ru_stime)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}")
    return elapsed, usage.ru_maxrss / 1024


def median_run(command, output, repeat, limit=None) -> tuple[float, float, dict]:
    runs = [measure(command, output, limit) for _ in range(repeat)]
    answer = json.loads(output.read_text())
    return statistics.median(t for t, _ in runs), max(m for _, m in runs), answer


def baseline(instance: Path, folder: Path, repeat: int) -> tuple[str, float, float, float]:
    """The fastest HiGHS algorithm on the linear programme: name, seconds, MB, optimum. An
    algorithm counts if HiGHS calls its answer optimal or its objective is within 1e-6 of
    one that is (interior point without crossover says 'Unknown' with the optimum in hand);
    a first-order answer short of that precision is shown but not counted."""
    best, optimum = None, None
    for algorithm in ALGORITHMS:
        limit = None if best is None else 3 * best[1]
        try:
            seconds, memory, answer = median_run(
                [*BASELINE, str(instance), algorithm], folder / "base.json", repeat, limit
            )
        except TooSlow:
            print(f"    baseline {algorithm:<21} > {limit:6.1f} s (stopped: 3x the fastest so far)")
            continue
        value, status = answer["objective_value"], answer["status"]
        if optimum is None and status == "Optimal":
            optimum = value
        counts = status == "Optimal" or (
            optimum is not None and abs(value - optimum) <= 1e-6 * abs(optimum)
        )
        command = [*BASELINE, str(instance), algorithm]
        print(
            f"    baseline {algorithm:<21} {seconds:8.2f} s (cpu {cpu(command):6.2f}) "
            f"{memory:7.0f} MB   HiGHS: {status}   {load()}"
            + ("" if counts else " (not counted: objective off by more than 1e-6)")
        )
        if counts and (best is None or seconds < best[1]):
            best = (algorithm, seconds, memory, value)
    return best


def head_to_head(base: list[str], ours: list[str], folder: Path, repeat: int):
    """``repeat`` rounds of one baseline run then one of ours: medians of wall and CPU
    seconds of each, our peak MB and answer. Taken in turns, a slow spell of the machine
    (several seconds on this VM) falls on both sides, not on whichever ran through it."""
    walls, cpus = ([], []), ([], [])
    peak = 0.0
    for _ in range(repeat):
        for side, command in enumerate((base, ours)):
            before = len(CPU.get(" ".join(command[-2:]), []))
            seconds, memory = measure(command, folder / f"turn-{side}.json")
            walls[side].append(seconds)
            cpus[side].append(CPU[" ".join(command[-2:])][before])
            peak = max(peak, memory) if side else peak
    answer = json.loads((folder / "turn-1.json").read_text())
    base_s, ours_s = (statistics.median(w) for w in walls)
    base_cpu, ours_cpu = (statistics.median(c) for c in cpus)
    return base_s, base_cpu, ours_s, ours_cpu, peak, answer


def dense(size: int, folder: Path, repeat: int) -> None:
    """Issue 25's dense market: the baseline on its linear version, ours on both versions;
    the saturated one against the fastest baseline again, run by run in turns."""
    linear, curved = folder / f"dense-linear-{size}.json", folder / f"dense-saturated-{size}.json"
    linear.write_text(json.dumps(generate(size, dense=True)))
    curved.write_text(json.dumps(generate(size, saturated=True, dense=True)))
    print(f"  {size:,} merchants x 50 placements, dense (70% of pairs, 1/4 linear, floors on 1/5)")
    algorithm, base_s, _, base_value = baseline(linear, folder, repeat)
    base_cpu = cpu([*BASELINE, str(linear), algorithm])
    command = [*OURS, str(linear)]
    ours_s, ours_mb, ours = median_run(command, folder / "d.json", repeat)
    if abs(ours["objective_value"] - base_value) > 1e-6 * abs(base_value):
        raise SystemExit(f"optima differ: {ours['objective_value']} vs {base_value}")
    print(
        f"    dense linear ({ours['method']}) {ours_s:8.2f} s (cpu {cpu(command):6.2f}) "
        f"{ours_mb:7.0f} MB   time x {ours_s / base_s:.2f}, cpu x {cpu(command) / base_cpu:.2f}"
        f" (vs the linear {algorithm})   {load()}"
    )
    base_s, base_cpu, ours_s, ours_cpu, ours_mb, ours = head_to_head(
        [*BASELINE, str(linear), algorithm], [*OURS, str(curved)], folder, repeat
    )
    print(
        f"    dense saturated ({ours['method']}) {ours_s:8.2f} s (cpu {ours_cpu:6.2f}) "
        f"{ours_mb:7.0f} MB   in turns with the linear {algorithm} {base_s:.2f} s "
        f"(cpu {base_cpu:.2f}): time x {ours_s / base_s:.2f}, cpu x {ours_cpu / base_cpu:.2f}"
        f"   gap {ours['gap']:.1e}   price iterations {ours['price_iterations']} + master "
        f"rounds {ours['master_rounds']}   {load()}"
    )


def run(sizes: list[int], saturated: list[int], repeat: int, dense_sizes=()) -> None:
    print("Platform plan: python -m optimizer platform vs numpy + highspy (fastest algorithm)")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for size in dense_sizes:
            dense(size, folder, repeat)
        baselines = {}
        for size in sorted(set(sizes) | set(saturated)):
            instance = folder / f"linear-{size}.json"
            instance.write_text(json.dumps(generate(size)))
            print(f"  {size:,} merchants x 50 placements, linear")
            baselines[size] = baseline(instance, folder, repeat)
            algorithm, base_s, base_mb, base_value = baselines[size]
            if size in sizes:
                ours_s, ours_mb, ours = median_run(
                    [*OURS, str(instance)], folder / "o.json", repeat
                )
                agree = abs(ours["objective_value"] - base_value) <= 1e-6 * abs(base_value)
                command = [*OURS, str(instance)]
                print(
                    f"    ours ({ours['method']}) {ours_s:8.2f} s (cpu {cpu(command):6.2f}) "
                    f"{ours_mb:7.0f} MB   time x {ours_s / base_s:.2f} (vs {algorithm})   "
                    f"cpu x {cpu(command) / cpu([*BASELINE, str(instance), algorithm]):.2f}   "
                    f"mem x {ours_mb / base_mb:.2f}"
                    f"   optimum {'agrees' if agree else 'DIFFERS'}"
                    f"   gap {ours['gap']:.1e}   sifting rounds {ours['master_rounds']}   {load()}"
                )
                if not agree:
                    raise SystemExit(f"optima differ: {ours['objective_value']} vs {base_value}")
            if size in saturated:
                curved = folder / f"saturated-{size}.json"
                curved.write_text(json.dumps(generate(size, saturated=True)))
                ours_s, ours_mb, ours = median_run([*OURS, str(curved)], folder / "s.json", repeat)
                command = [*OURS, str(curved)]
                base_cpu = cpu([*BASELINE, str(instance), algorithm])
                print(
                    f"    saturated ({ours['method']}) {ours_s:8.2f} s (cpu {cpu(command):6.2f}) "
                    f"{ours_mb:7.0f} MB   time x {ours_s / base_s:.2f}, "
                    f"cpu x {cpu(command) / base_cpu:.2f} (vs the linear {algorithm})   "
                    f"gap {ours['gap']:.5f}   price iterations {ours['price_iterations']}"
                    f" + master rounds {ours['master_rounds']}   {load()}"
                )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[3000])
    parser.add_argument("--saturated", nargs="*", type=int, default=[3000])
    parser.add_argument("--dense", nargs="*", type=int, default=[3000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    run(args.sizes, args.saturated, args.repeat, args.dense)


if __name__ == "__main__":
    main()
