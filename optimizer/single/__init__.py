"""One advertiser's budget plan (OPTIMIZER.md sections 1, 2 and 4).

request = parse_plan_request(json_data)    # validated, or InvalidRequest(problems)
result = plan(request)                     # PlanResult; result.to_json() is the contract
points = frontier(request, budgets)
"""

from .planning import plan
from .request import Group, Placement, PlanRequest, Target
from .result import Conflict, FrontierPoint, PlanResult
from .sweep import frontier
from .validation import parse_plan_request

__all__ = [
    "Conflict",
    "FrontierPoint",
    "Group",
    "Placement",
    "PlanRequest",
    "PlanResult",
    "Target",
    "frontier",
    "parse_plan_request",
    "plan",
]
