"""Validation records each problem as data (path, code, figures); only the command line words it.
The portal translated the optimizer's English back with ~25 regular expressions and showed any
sentence they missed in English on a Chinese page; it now reads codes, so codes must be stable
and every one must have its English sentence for standard error."""

import ast
from pathlib import Path

import pytest

from optimizer import InvalidRequest
from optimizer.errors import Problem
from optimizer.platform.validation import parse_platform_request
from optimizer.single import parse_plan_request, plan
from optimizer.single import parse_plan_request as parse_single
from optimizer.words import CONFLICTS, SENTENCES, sentence

PACKAGE = Path(__file__).resolve().parents[2] / "optimizer"


def codes_in_the_source() -> set[str]:
    """Every literal code handed to ``Problem(path, code, …)``, ``check.add(path, code, …)`` or
    a diagnosis's ``_finding(constraint, code, …)``."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            called = (
                node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            )
            if called not in ("Problem", "add", "_finding"):
                continue
            code = node.args[1]
            options = [code.body, code.orelse] if isinstance(code, ast.IfExp) else [code]
            found |= {
                o.value for o in options if isinstance(o, ast.Constant) and isinstance(o.value, str)
            }
    return found


def test_every_code_the_optimizer_records_has_its_sentence():
    codes = codes_in_the_source()
    assert len(codes) > 40  # the scan found the calls
    assert codes - set(SENTENCES) - set(CONFLICTS) == set()


def test_codes_are_snake_case():
    assert all(code.isidentifier() and code == code.lower() for code in [*SENTENCES, *CONFLICTS])


def refused(parse, data) -> list[Problem]:
    with pytest.raises(InvalidRequest) as refusal:
        parse(data)
    return refusal.value.problems


def test_a_plan_request_problem_carries_its_figures_not_a_sentence():
    problems = refused(
        parse_plan_request,
        {
            "budget": 100,
            "placements": [{"id": "a", "pricing": "cpc", "price": 1, "cvr": 2, "aov": 5}],
        },
    )
    assert problems == [Problem("placements[0].cvr", "too_large", {"maximum": 1.0})]
    assert sentence(problems[0]) == "placements[0].cvr: must be at most 1"


def test_a_platform_problem_names_the_unknown_placement_by_code():
    data = {
        "placements": [{"id": "p1", "pricing": "cpc", "price": 1}],
        "merchants": [{"id": "m", "budget": 10, "rates": {"zz": {"cvr": 0.1, "aov": 5}}}],
    }
    assert refused(parse_platform_request, data) == [
        Problem("merchants[0].rates.zz", "unknown_placement")
    ]


def test_an_infeasible_plan_says_why_as_a_code_with_its_figures():
    request = parse_single(
        {
            "budget": 1000,
            "placements": [
                {"id": "a", "pricing": "cpc", "price": 1, "cvr": 0.1, "aov": 5, "min_spend": 800},
                {"id": "b", "pricing": "cpc", "price": 1, "cvr": 0.1, "aov": 5, "min_spend": 700},
            ],
        }
    )
    (conflict,) = plan(request).conflicts
    assert (conflict.code, conflict.params) == (
        "min_spends_exceed_budget",
        {"floor": 1500, "budget": 1000},
    )
    assert conflict.message.startswith("Minimum spends add up to 1,500 but the budget is 1,000")


def test_the_refusal_reads_as_the_command_line_s_lines_in_a_log_or_a_failed_job():
    # a platform run's job shows "Failed: <the exception>": codes alone would read as jargon
    with pytest.raises(InvalidRequest) as refusal:
        parse_single({"budget": -1, "placements": []})
    assert (
        str(refusal.value) == "budget: must be greater than 0\nplacements: must be a non-empty list"
    )
