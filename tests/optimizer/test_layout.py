"""The optimizer's doors: one module talks to HiGHS, few to PuLP (checked on the source)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "optimizer"
# platform.py still loads its own HighsLp; the platform rewrite routes it through highs.py,
# and then it leaves this list.
HIGHSPY_ALLOWED = {"highs.py", "platform.py"}
PULP_ALLOWED = {"model.py", "solver.py", "platform_model.py"}


def importers(module: str) -> set[str]:
    found = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            if any(name.split(".")[0] == module for name in names):
                found.add(path.name)
    return found


def test_only_the_highs_module_imports_highspy():
    assert "highs.py" in importers("highspy")
    assert importers("highspy") <= HIGHSPY_ALLOWED


def test_pulp_stays_in_the_modelling_layer():
    assert importers("pulp") <= PULP_ALLOWED
