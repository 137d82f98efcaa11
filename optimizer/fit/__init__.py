"""Response curves learned from weekly results (``python -m optimizer fit``).

``fit_curves(rows)`` is the portal's entry: rows as dicts (or a dict of columns) with store,
placement, week (the Monday, a ``date`` or ``YYYY-MM-DD``), spend, conversions, revenue; it
returns a ``FitResult`` whose ``to_json()`` is the command's answer. Invalid rows raise
``InvalidRequest`` with one ``row N, column X: …`` line per problem.
"""

from .fitting import FitResult, fit_results
from .reading import read_results, results_from_rows

__all__ = ["FitResult", "fit_curves", "fit_file"]


def fit_curves(rows) -> FitResult:
    return fit_results(results_from_rows(rows))


def fit_file(path: str) -> FitResult:
    return fit_results(read_results(path))
