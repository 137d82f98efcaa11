"""The ``fit`` sub-command: arguments, and where the JSON goes."""

import json
import os
from pathlib import Path

from ..errors import InvalidRequest, Problem


def add_fit_command(commands) -> None:
    fit = commands.add_parser("fit", help="response curves learned from weekly results")
    fit.add_argument(
        "file", metavar="RESULTS", help="a CSV file, a Parquet file or a directory of Parquet files"
    )
    fit.add_argument("--out", metavar="FILE", help="write the JSON to FILE, not standard output")


def fit_command(args) -> dict | None:
    """The answer for standard output, or None when it went to ``--out``."""
    from . import fit_file

    if args.out:
        _check_out_file(args.out)
    result = fit_file(args.file).to_json()
    if not args.out:
        return result
    try:
        with open(args.out, "w", encoding="utf-8") as file:
            json.dump(result, file, allow_nan=False)
            file.write("\n")
    except OSError as error:
        problem = Problem("--out", "lp_not_writable", {"file": args.out, "reason": error.strerror})
        raise InvalidRequest([problem]) from None
    return None


def _check_out_file(path: str) -> None:
    """Checked before the fit, so that a typo costs an exit 2 at once, not after a minute."""
    target = Path(path)
    if target.is_dir():
        raise InvalidRequest([Problem("--out", "lp_is_directory", {"file": path})])
    if not target.parent.is_dir():
        where = {"folder": str(target.parent), "name": target.name}
        raise InvalidRequest([Problem("--out", "lp_no_folder", where)])
    if not os.access(target.parent, os.W_OK | os.X_OK) or (
        target.exists() and not os.access(target, os.W_OK)
    ):
        raise InvalidRequest([Problem("--out", "lp_not_writable", {"file": path})])
