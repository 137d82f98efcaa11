"""The ad budget optimizer: pure Python, no Flask.

request = parse_plan_request(json_data)    # validated, or InvalidRequest(problems)
result = plan(request)                     # PlanResult; result.to_json() is the contract
points = frontier(request, budgets)
"""

from .errors import InvalidRequest, SolverFailed
from .frontier import frontier
from .plan import plan
from .request import Group, Placement, PlanRequest, Target
from .result import Conflict, FrontierPoint, PlanResult
from .validation import parse_plan_request

__all__ = [
    "Conflict",
    "FrontierPoint",
    "Group",
    "InvalidRequest",
    "Placement",
    "PlanRequest",
    "PlanResult",
    "SolverFailed",
    "Target",
    "frontier",
    "parse_plan_request",
    "plan",
]
