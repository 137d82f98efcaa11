"""``python -m optimizer plan|frontier|platform|fit FILE``: JSON in, JSON out.

Exit 0 when optimal, 1 when infeasible (the JSON says why), 2 when the request is invalid
(nothing on standard output; one ``path: message`` line per problem on standard error).
Exit 3 only on a bug of ours: one ``internal error:`` line on standard error, no traceback.
"""

import argparse
import errno
import gc
import json
import math
import os
import sys
from typing import Any

from .errors import InvalidRequest, Problem, SolverFailed
from .fit.command import add_fit_command, fit_command
from .solvers import SOLVERS
from .words import sentence

OPTIMAL_EXIT, INFEASIBLE_EXIT, INVALID_EXIT = 0, 1, 2
# Larger than any request we have seen (2,000 curves of 500 points is 21 MB), small enough
# that parsing it stays well inside a couple of gigabytes of memory.
DEFAULT_MAX_INPUT_BYTES = 100_000_000
# Not in the contract: a bug of ours. Kept apart from 1 (infeasible) and 2 (your request).
INTERNAL_EXIT = 3
INTERRUPTED_EXIT = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


class ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 too, but says it our way
        self.print_usage(sys.stderr)
        print(f"arguments: {message}", file=sys.stderr)
        raise SystemExit(INVALID_EXIT)


def parser() -> argparse.ArgumentParser:
    root = ArgumentParser(prog="python -m optimizer", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)

    plan = commands.add_parser("plan", help="one advertiser's budget plan")
    frontier = commands.add_parser("frontier", help="the plan at many budgets")
    platform = commands.add_parser("platform", help="many merchants sharing inventory")
    for command in (plan, frontier, platform):
        command.add_argument("file", help="the JSON request, or - for standard input")
        command.add_argument("--solver", choices=SOLVERS, default="highs")
        command.add_argument(
            "--max-input-bytes", type=_byte_count, default=DEFAULT_MAX_INPUT_BYTES,
            metavar="N", help=f"refuse a request larger than N bytes "
            f"(default {DEFAULT_MAX_INPUT_BYTES:,})",
        )  # fmt: skip
    for command in (plan, platform):
        command.add_argument(
            "--write-lp", metavar="FILE", help="also write the model as an LP file"
        )
    platform.add_argument("--out", metavar="DIR", help="write the rows as Parquet files in DIR")
    platform.add_argument("--engine", choices=("local", "ray"), default="local")
    platform.add_argument(
        "--method", choices=("auto", "exact", "decomposed"), default="auto",
        help="exact: one linear programme (linear rates); decomposed: prices and merchants",
    )  # fmt: skip
    platform.add_argument("--gap", type=float, default=1e-3, help="largest proven gap accepted")
    platform.add_argument("--workers", type=int, help="Ray actors (default: the cluster's CPUs)")
    platform.add_argument(
        "--warm", metavar="PREVIOUS_ANSWER",
        help="a previous answer's JSON: its prices start the price search (partitioned data)",
    )  # fmt: skip
    add_fit_command(commands)
    frontier.add_argument(
        "--budgets", required=True, metavar="START:STOP:COUNT",
        help="COUNT budgets evenly from START to STOP",
    )  # fmt: skip
    return root


def _byte_count(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of bytes above 0, not {text!r}")
    return value


def read_request(path: str, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> Any:
    """The request as JSON data; any file that is not a JSON text is an invalid request
    (exit 2), never a traceback: unreadable, too large, not UTF-8, empty, not JSON, nested
    too deep, or an integer with more digits than Python converts.

    At most ``max_bytes`` + 1 bytes are read: /dev/zero or an endless pipe was read until
    the machine ran out of memory."""
    try:
        if path == "-":
            raw = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with open(path, "rb") as file:
                raw = file.read(max_bytes + 1)
    except OSError as error:
        problem = Problem("file", "unreadable_file", {"file": path, "reason": error.strerror})
        raise InvalidRequest([problem]) from None
    if len(raw) > max_bytes:
        raise InvalidRequest([Problem("file", "file_too_large", {"maximum": max_bytes})])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem = Problem("file", "not_utf8_file", {"byte": error.start + 1})
        raise InvalidRequest([problem]) from None
    if not text.strip():
        raise InvalidRequest([Problem("request", "empty_file")])
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = {"line": error.lineno, "column": error.colno, "reason": error.msg}
        raise InvalidRequest([Problem("request", "not_json", where)]) from None
    except RecursionError:
        raise InvalidRequest([Problem("request", "nested_too_deeply")]) from None
    except ValueError as error:  # e.g. an integer literal past the conversion limit
        raise InvalidRequest(
            [Problem("request", "unreadable_number", {"reason": str(error)})]
        ) from None


def parse_budgets(text: str) -> list[float]:
    from .single.sweep import budgets_between

    parts = text.split(":")
    problems = []
    try:
        start, stop, count = float(parts[0]), float(parts[1]), int(parts[2])
        if len(parts) != 3:
            raise ValueError
    except (ValueError, IndexError):
        raise InvalidRequest([Problem("--budgets", "budgets_format")]) from None
    if not (math.isfinite(start) and math.isfinite(stop)) or start <= 0 or stop < start:
        problems.append(Problem("--budgets", "budgets_range"))
    if not 1 <= count <= 1000:
        problems.append(Problem("--budgets", "budgets_count"))
    if problems:
        raise InvalidRequest(problems)
    return budgets_between(start, stop, count)


def run(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if getattr(args, "write_lp", None):
            _check_lp_file(args.write_lp)
        if args.command == "fit":  # reads its own CSV or Parquet, not a JSON request
            data = None
        elif args.command == "platform" and _partitioned(args.file):
            data = PartitionedSource(args.file)
        elif args.command == "platform" and os.path.isdir(args.file):
            data = PlatformDirectory(args.file)
        else:
            data = read_request(args.file, args.max_input_bytes)
        if args.command != "platform":  # the platform's request is read on into arrays
            _started()
        if args.command == "fit":
            output, exit_code = fit_command(args), OPTIMAL_EXIT
        elif args.command == "plan":
            output, exit_code = _plan(data, args)
        elif args.command == "frontier":
            output, exit_code = _frontier(data, args)
        else:
            output, exit_code = _platform(data, args)
    except InvalidRequest as invalid:
        for problem in invalid.problems:
            print(_one_line(sentence(problem)), file=sys.stderr)
        return INVALID_EXIT
    except SolverFailed as failure:
        print(f"solver: {failure}", file=sys.stderr)
        return INVALID_EXIT
    if output is None:  # fit --out: the JSON went to the file
        return exit_code
    # The platform's answer can hold tens of thousands of rows: json's C encoder only runs
    # without indentation and in dumps (json.dump encodes piece by piece in Python, a second
    # for 6 MB), so that one is encoded compactly in one go.
    indent = None if args.command in ("platform", "fit") else 2
    text = json.dumps(output, indent=indent, allow_nan=False)
    try:
        if sys.stdout is None:  # started with standard output closed (>&-)
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        sys.stdout.write(text)
        sys.stdout.write("\n")
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:  # a full disk, a closed descriptor: the operator's, not a bug
        print(f"output: cannot write the answer: {error.strerror}", file=sys.stderr)
        return INVALID_EXIT
    return exit_code


def _started() -> None:
    """The request is read: what exists now is set aside from the collector's scans for
    good, and it runs again for the solve (whose garbage it must still collect). Only where
    ``python -m optimizer`` turned the collector off (``__main__``): a program calling
    ``main`` or ``run`` keeps its collector as it was."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _one_line(problem: str) -> str:
    """A problem's path can hold an id or key with a line break ("a\nb"), which split one
    problem over two lines of standard error: such characters are written escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in problem)


def _plan(data, args):
    from .single.planning import plan
    from .single.validation import parse_plan_request

    result = plan(parse_plan_request(data), args.solver, write_lp=args.write_lp)
    return result.to_json(), OPTIMAL_EXIT if result.status == "optimal" else INFEASIBLE_EXIT


def _frontier(data, args):
    from .single.sweep import frontier
    from .single.validation import parse_plan_request

    budgets = parse_budgets(args.budgets)
    request = parse_plan_request(
        {**data, "budget": max(budgets)} if isinstance(data, dict) else data
    )
    points = frontier(request, budgets, args.solver)
    return {"points": [point.to_json() for point in points]}, OPTIMAL_EXIT


def _platform(data, args):
    from .platform.planning import platform_plan
    from .platform.validation import parse_platform_request

    if not (math.isfinite(args.gap) and 1e-9 <= args.gap <= 0.5):
        raise InvalidRequest([Problem("--gap", "gap_range")])
    if args.workers is not None and not 1 <= args.workers <= 4096:
        raise InvalidRequest([Problem("--workers", "workers_range")])
    if isinstance(data, PartitionedSource):
        return _partitioned_platform(data, args)
    if args.warm:
        raise InvalidRequest([Problem("--warm", "warm_partitioned_only")])
    if args.out is not None:
        _check_out_directory(args.out)
    if isinstance(data, PlatformDirectory):
        from .platform.parquet import read_platform_directory

        request = read_platform_directory(data.path)
    else:
        request = parse_platform_request(data)
    _started()
    result = platform_plan(
        request, args.solver, write_lp=args.write_lp, method=args.method,
        engine=args.engine, gap=args.gap, workers=args.workers,
    )  # fmt: skip
    exit_code = OPTIMAL_EXIT if result.status == "optimal" else INFEASIBLE_EXIT
    if args.engine != result.engine:
        # --method exact is one programme solved in process: the engine asked for did not run
        print(f"engine: --method {result.method} runs in process; --engine {args.engine} "
              "applies to --method decomposed", file=sys.stderr)  # fmt: skip
    if result.status == "optimal" and result.gap > args.gap:
        # the plan stands (every constraint holds) but its proof is weaker than asked: said
        # here, since the JSON's gap alone is easy to miss
        # four significant digits: a gap of 3e-7 above --gap 1e-9 read "0.0000%"
        print(f"gap: proven within {result.gap * 100:.4g}% only, above --gap {args.gap:g}",
              file=sys.stderr)  # fmt: skip
    if args.out and result.status == "optimal":
        from .platform.parquet import write_platform_directory

        try:
            return write_platform_directory(result, args.out), exit_code
        except OSError as error:  # a directory where a file goes, /proc, a full disk
            reason = " ".join(str(error).split())
            where = {"directory": args.out, "reason": reason}
            raise InvalidRequest([Problem("--out", "cannot_write_into", where)]) from None
    return result.to_json(), exit_code


def _partitioned(path: str) -> bool:
    from .platform.partitioned import is_partitioned

    return is_partitioned(path)


def _partitioned_platform(data, args):
    """A partitioned dataset (OPTIMIZER.md section 3's directory with ``rates/`` a folder,
    or in object storage): the workers write the rows, so ``--out`` is required, and only the
    decomposition runs (the exact programme and the LP file need every rate in one place)."""
    from .platform.partitioned.driver import plan_partitioned

    _started()

    problems = []
    if not args.out:
        problems.append(Problem("--out", "out_required_partitioned"))
    if args.method == "exact":
        problems.append(Problem("--method", "partitioned_decomposed_only"))
    if args.write_lp:
        problems.append(Problem("--write-lp", "partitioned_no_lp"))
    if problems:
        raise InvalidRequest(problems)
    if "://" not in args.out:
        _check_out_directory(args.out)
    answer = plan_partitioned(data.path, args.out, args.engine, args.gap, args.workers,
                              args.warm)  # fmt: skip
    if answer["gap"] > args.gap:
        print(f"gap: proven within {answer['gap'] * 100:.4g}% only, above --gap {args.gap:g}",
              file=sys.stderr)  # fmt: skip
    return answer, OPTIMAL_EXIT


def _check_out_directory(path: str) -> None:
    """``--out`` must be a directory we can write into (made if need be), checked before the
    solve, so that a typo costs an exit 2 at once rather than an internal error at the end."""
    from pathlib import Path

    if not path.strip():  # Path("") is the current directory: --out "" wrote nothing, said nothing
        raise InvalidRequest([Problem("--out", "empty_text")])
    target = Path(path)
    if target.exists() and not target.is_dir():
        raise InvalidRequest([Problem("--out", "not_a_directory", {"directory": path})])
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        where = {"directory": path, "reason": error.strerror}
        problem = Problem("--out", "cannot_make_directory", where)
        raise InvalidRequest([problem]) from None
    if not os.access(target, os.W_OK | os.X_OK):
        raise InvalidRequest([Problem("--out", "directory_not_writable", {"directory": path})])


def _check_lp_file(path: str) -> None:
    """``--write-lp`` must name a file we can write, checked before anything is solved: a
    missing folder was an "internal error: FileNotFoundError" (exit 3) instead of the
    operator's own mistake (exit 2)."""
    from pathlib import Path

    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise InvalidRequest([Problem("--write-lp", "lp_is_directory", {"file": path})])
    if not folder.is_dir():
        where = {"folder": str(folder), "name": target.name}
        raise InvalidRequest([Problem("--write-lp", "lp_no_folder", where)])
    if not os.access(folder, os.W_OK | os.X_OK) or (
        target.exists() and not os.access(target, os.W_OK)
    ):
        raise InvalidRequest([Problem("--write-lp", "lp_not_writable", {"file": path})])


class PlatformDirectory(str):
    """A platform SOURCE that is a directory of Parquet files, not a JSON file."""

    @property
    def path(self) -> str:
        return str(self)


class PartitionedSource(PlatformDirectory):
    """A platform SOURCE whose rates are a folder of Parquet files, or in object storage."""


def main() -> None:
    try:
        sys.exit(run())
    except BrokenPipeError:  # `... | head` closed the pipe: not an error worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(OPTIMAL_EXIT)
    except KeyboardInterrupt:  # Ctrl-C: the shell's own exit status for it, no traceback
        print("interrupted: the answer was not written whole", file=sys.stderr)
        sys.exit(INTERRUPTED_EXIT)
    except Exception as error:  # one readable line, not a traceback, and not exit 1 or 2
        print(f"internal error: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(INTERNAL_EXIT)
