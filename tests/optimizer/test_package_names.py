"""``from optimizer.single import plan`` is the function whatever was imported before. It was not:
the module optimizer/plan.py shadowed the function ``plan`` once anything imported it, ``make run``
stopped at seeding the demo and every plan in the portal failed with "'module' object is not
callable". No module is named after a function it exports any more (checked in
tests/test_architecture.py); this keeps the import orders that broke."""

import subprocess
import sys

import pytest

ORDERS = [
    "import optimizer.single.sweep\nfrom optimizer.single import plan, frontier",
    "from optimizer.single import frontier\nfrom optimizer.single import plan",
    "from optimizer.single import plan\nimport optimizer.single.sweep\nfrom optimizer.single import plan",
    "import optimizer.single.planning\nfrom optimizer.single import parse_plan_request, plan",
]


@pytest.mark.parametrize("imports", ORDERS)
def test_the_names_are_the_functions_in_any_import_order(imports):
    # a fresh interpreter: this one has imported the optimizer in whatever order tests ran
    check = f"{imports}\nimport optimizer.single as single\nassert callable(plan), plan\n"
    check += "assert callable(single.plan) and callable(single.frontier)\n"
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_portal_plans_with_the_function(app):
    from merchant_portal.budget.plans import services
    from merchant_portal.budget.results import replan

    assert callable(services.plan) and callable(replan.plan)


def test_the_exact_platform_path_starts_without_pulp_numba_or_scipy_optimize():
    # a third of the exact path's run went to importing them; only --solver cbc, --write-lp and
    # the decomposition need them
    check = (
        "import sys\nfrom optimizer import cli\nimport optimizer.platform\n"
        "import optimizer.platform.parquet\n"
        "heavy = {'pulp', 'numba', 'scipy.optimize', 'optimizer.single'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
