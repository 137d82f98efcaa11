"""Dependencies point one way: features -> review core; the review desk -> features + core;
the optimizer knows nothing of the portal, and one module of it talks to HiGHS, one to PuLP."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imports_of(package: str) -> dict[str, set[str]]:
    """Every module under ``package`` and the absolute names it imports (in functions too)."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        module = ".".join(parts[:-1] if is_package else parts)
        here = parts[:-1]  # the package a relative import starts from
        names = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = here[: len(here) - node.level + 1] if node.level else []
                target = ".".join([*base, *([node.module] if node.module else [])])
                names.add(target)
                names.update(f"{target}.{alias.name}" for alias in node.names)
        found[module] = names
    return found


def offenders(package: str, importer: str, imported: str) -> list[str]:
    """Modules under ``importer`` that import ``imported`` or anything inside it."""
    return sorted(
        f"{module} imports {name}"
        for module, names in imports_of(package).items()
        if module == importer or module.startswith(importer + ".")
        for name in names
        if name == imported or name.startswith(imported + ".")
    )


def test_nothing_but_the_app_factory_imports_the_review_desk():
    importers = sorted(
        f"{module} imports {name}"
        for module, names in imports_of("merchant_portal").items()
        if module != "merchant_portal" and not module.startswith("merchant_portal.review.")
        for name in names
        if name.startswith("merchant_portal.review.") or name == "merchant_portal.review"
    )
    assert importers == []


@pytest.mark.parametrize("feature", ["onboarding", "budget", "admin", "review"])
def test_the_review_core_imports_no_feature_built_on_it(feature):
    assert (
        offenders("merchant_portal", "merchant_portal.reviewing", f"merchant_portal.{feature}")
        == []
    )


@pytest.mark.parametrize("feature", ["onboarding", "budget", "admin", "review", "mail", "auth"])
def test_the_job_queue_imports_no_feature_whose_tasks_it_runs(feature):
    assert offenders("merchant_portal", "merchant_portal.jobs", f"merchant_portal.{feature}") == []


def test_onboarding_does_not_import_budget():
    assert (
        offenders("merchant_portal", "merchant_portal.onboarding", "merchant_portal.budget") == []
    )


@pytest.mark.parametrize("forbidden", ["flask", "merchant_portal"])
def test_the_optimizer_knows_nothing_of_the_portal(forbidden):
    assert offenders("optimizer", "optimizer", forbidden) == []


def importers_of(package: str, library: str) -> set[str]:
    return {
        module
        for module, names in imports_of(package).items()
        if any(name == library or name.startswith(library + ".") for name in names)
    }


def test_only_the_solvers_highs_module_imports_highspy():
    # benchmarks/ drive HiGHS directly on purpose: their baseline is the raw tool at its best
    for package in ("optimizer", "merchant_portal"):
        importers = importers_of(package, "highspy")
        assert importers <= {"optimizer.solvers.highs"}, f"highspy imported by {sorted(importers)}"


def test_only_the_solvers_import_pulp():
    # the exact platform path must start without it (a third of its run was importing PuLP)
    for package in ("optimizer", "merchant_portal"):
        importers = importers_of(package, "pulp")
        assert importers <= {"optimizer.solvers.modelling"}, f"pulp imported by {sorted(importers)}"


@pytest.mark.parametrize(("importer", "imported"), [("single", "platform"), ("platform", "single")])
def test_the_single_plan_and_the_platform_share_only_solvers_and_checks(importer, imported):
    assert offenders("optimizer", f"optimizer.{importer}", f"optimizer.{imported}") == []


@pytest.mark.parametrize("shared", ["solvers", "checks", "errors", "words"])
def test_the_shared_parts_import_neither_problem(shared):
    for problem in ("single", "platform", "cli"):
        assert offenders("optimizer", f"optimizer.{shared}", f"optimizer.{problem}") == []


def test_the_optimizer_top_level_stays_small():
    top = sorted(path.name for path in (ROOT / "optimizer").glob("*.py"))
    assert len(top) <= 12, top


def test_no_optimizer_module_is_named_after_a_function_it_exports():
    # optimizer/plan.py once shadowed the function plan(): every plan in the portal failed
    clashes = []
    for path in sorted((ROOT / "optimizer").rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        if path.stem in functions:
            clashes.append(str(path.relative_to(ROOT)))
    assert clashes == []
