"""``from optimizer import plan`` is the function whatever was imported before: a submodule
named like its function (optimizer/plan.py, optimizer/frontier.py) must not replace it. It did:
``make run`` stopped at seeding the demo and every plan in the portal failed with "'module'
object is not callable", because ``optimizer.frontier`` imports ``optimizer.plan``."""

import subprocess
import sys

import pytest

ORDERS = [
    "import optimizer.frontier\nfrom optimizer import plan, frontier",
    "from optimizer import frontier\nfrom optimizer import plan",
    "from optimizer import plan\nimport optimizer.frontier\nfrom optimizer import plan",
    "from optimizer import parse_plan_request\nimport optimizer.plan\nfrom optimizer import plan",
]


@pytest.mark.parametrize("imports", ORDERS)
def test_the_names_are_the_functions_in_any_import_order(imports):
    # a fresh interpreter: this one has imported the optimizer in whatever order tests ran
    check = f"{imports}\nimport optimizer\nassert callable(plan), plan\n"
    check += "assert callable(optimizer.plan) and callable(optimizer.frontier)\n"
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_portal_plans_with_the_function(app):
    from merchant_portal.budget.plans import services
    from merchant_portal.budget.results import replan

    assert callable(services.plan) and callable(replan.plan)
