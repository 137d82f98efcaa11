"""Dependencies point one way. Between the portal's packages: down the layers written below,
never up, and no two packages reaching each other by any road (function-level imports count:
they are dependencies too). The optimizer knows nothing of the portal, and one module of it
talks to HiGHS, one to PuLP."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The portal's packages (and base modules), lowest first. A package may import its own row and
# the rows above it, never a row below. Where a lower package must react to a higher one (a new
# account opens a store, a finished job tells its starter), the higher one registers itself.
LAYERS = (
    # the base: imported by all, importing no feature
    "extensions config column_limits timeutil numbers forms csv_files uploads access security"
    " pagination errors htmx transitions tables image_size next_url html_attributes market_day_sql"
    " edit_version",
    "audit",  # the trail every feature writes
    "i18n",  # the portal's words, a reader's and a recipient's language
    "jobs",  # the queue and the job rows
    "mail",  # mail with retries, sent through the queue
    "auth",  # accounts, roles, sessions (knows no store)
    "notifications",  # the inbox
    "workflow",  # the review state machine and its records
    "imports",  # import batches (sales, products, results)
    "onboarding",
    "sales",
    "api",
    "budget",
    "growth",  # reads ad results from budget for the business page
    "review_desk",  # the desk over every reviewable kind
    "admin",
    # what assembles the whole: demo data, commands, the models every migration sees
    "demo demo_chinese commands models",
)
RANK = {name: row for row, names in enumerate(LAYERS) for name in names.split()}


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
        if module not in ("merchant_portal", "merchant_portal.review_desk")
        and not module.startswith("merchant_portal.review_desk.")
        for name in names
        if name.startswith("merchant_portal.review_desk.") or name == "merchant_portal.review_desk"
    )
    assert importers == []


@pytest.mark.parametrize("feature", ["onboarding", "budget", "admin", "review_desk"])
def test_the_review_core_imports_no_feature_built_on_it(feature):
    assert (
        offenders("merchant_portal", "merchant_portal.workflow", f"merchant_portal.{feature}") == []
    )


@pytest.mark.parametrize(
    "feature", ["onboarding", "budget", "admin", "review_desk", "mail", "auth"]
)
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


def package_graph() -> dict[str, dict[str, list[str]]]:
    """{package: {package it imports: [the modules that do]}} between ``merchant_portal``'s
    packages and base modules; the app factory (``merchant_portal`` itself) assembles them all
    and stands outside."""
    graph: dict[str, dict[str, list[str]]] = {}
    for module, names in imports_of("merchant_portal").items():
        parts = module.split(".")
        if len(parts) < 2:
            continue
        for name in names:
            target = name.split(".")
            if target[0] != "merchant_portal" or len(target) < 2 or target[1] == parts[1]:
                continue
            if target[1] in RANK or (ROOT / "merchant_portal" / target[1]).is_dir():
                graph.setdefault(parts[1], {}).setdefault(target[1], []).append(module)
    return graph


def cycles(graph: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """Every elementary cycle, each once, starting at its alphabetically first package."""
    found = []

    def walk(start: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(path[-1], {})):
            if nxt == start:
                found.append([*path, start])
            elif nxt > start and nxt not in path:
                walk(start, [*path, nxt])

    for start in sorted(graph):
        walk(start, [start])
    return found


def test_every_portal_package_has_a_place_in_the_layers():
    packages = {path.parent.name for path in (ROOT / "merchant_portal").glob("*/__init__.py")} | {
        path.stem for path in (ROOT / "merchant_portal").glob("*.py") if path.stem != "__init__"
    }
    assert sorted(packages - set(RANK)) == []


def test_no_two_portal_packages_import_each_other_by_any_road():
    found = [" -> ".join(cycle) for cycle in cycles(package_graph())]
    assert found == [], f"{len(found)} import cycles between packages:\n" + "\n".join(found)


def test_no_portal_package_imports_one_in_a_layer_below_it():
    upward = sorted(
        f"{importer} (layer {RANK[importer]}) imports {imported} (layer {RANK[imported]}):"
        f" {sorted(set(modules))}"
        for importer, targets in package_graph().items()
        for imported, modules in targets.items()
        if RANK[imported] > RANK[importer]
    )
    assert upward == []
