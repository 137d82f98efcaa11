"""The ad budget optimizer: pure Python, no Flask.

request = parse_plan_request(json_data)    # validated, or InvalidRequest(problems)
result = plan(request)                     # PlanResult; result.to_json() is the contract
points = frontier(request, budgets)

The names load on first use (PEP 562): ``python -m optimizer platform`` on the exact path
needs neither PuLP nor scipy.optimize, and importing them cost a third of its run.
"""

import sys
from importlib import import_module
from types import ModuleType

from .errors import InvalidRequest, SolverFailed

_HOMES = {
    "frontier": ".frontier",
    "plan": ".plan",
    "Group": ".request",
    "Placement": ".request",
    "PlanRequest": ".request",
    "Target": ".request",
    "Conflict": ".result",
    "FrontierPoint": ".result",
    "PlanResult": ".result",
    "parse_plan_request": ".validation",
}


class _Package(ModuleType):
    """Importing a submodule binds it on its package: ``optimizer.plan`` became the module
    ``optimizer/plan.py`` as soon as anything imported it (``optimizer.frontier`` does), and
    ``from optimizer import plan`` then handed out a module instead of the function (every plan
    in the portal failed, 'module' object is not callable). A submodule named like the function
    it holds is bound as that function, as an eager ``from .plan import plan`` would."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, ModuleType) and _HOMES.get(name) == f".{name}":
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'optimizer' has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name], __name__), name)
    globals()[name] = value
    return value


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
