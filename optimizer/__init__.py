"""The ad budget optimizer: pure Python, no Flask. Grouped by the problem solved:

- ``single``: one advertiser's plan, frontier, diagnosis and learning
  (``from optimizer.single import parse_plan_request, plan, frontier``);
- ``platform``: every merchant over shared inventory, ``exact`` and ``decomposed``
  (``from optimizer.platform import parse_platform_request, platform_plan``);
- ``solvers``: the one door to HiGHS and to PuLP, shared by both;
- ``checks`` and ``errors``: problems recorded as data (path, code, parameters), shared by both;
  ``words`` says them in English for the command line (``cli``).

This package imports nothing heavy: ``python -m optimizer platform`` on the exact path needs
neither PuLP nor scipy.optimize nor numba, and importing them cost a third of its run.
"""

from .errors import InvalidRequest, SolverFailed

__all__ = ["InvalidRequest", "SolverFailed"]
