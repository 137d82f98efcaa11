"""Response curves learned from weekly results (``python -m optimizer fit``).

``fit_curves(rows)`` is the portal's entry: rows as dicts (or a dict of columns) with store,
placement, week (the Monday, a ``date`` or ``YYYY-MM-DD``), spend, conversions, revenue; it
returns a ``FitResult`` whose ``to_json()`` is the command's answer. Invalid rows raise
``InvalidRequest`` with one ``row N, column X: …`` line per problem.
"""

from .fitting import FitResult, fit_results
from .reading import read_results, results_from_rows

__all__ = ["FitResult", "fit_curves", "fit_file"]


def fit_curves(rows, progress=None) -> FitResult:
    """``progress()``, when given, is called once the holdout fit is done (the full fit
    follows, about as long): a job's bar moves between its two halves."""
    return fit_results(results_from_rows(rows), progress=progress)


def fit_file(path: str) -> FitResult:
    return fit_results(read_results(path))
