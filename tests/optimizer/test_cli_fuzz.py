"""The command line fed hostile files and values: it never ends in a traceback, and never says
"infeasible" (exit 1) about a request that is merely invalid.

Each example runs the command's ``main()`` in this process (what ``python -m optimizer`` runs),
so a few hundred files take seconds; anything escaping ``main()`` would be the traceback a user
sees. Set FUZZ_EXAMPLES for a longer run.
"""

import contextlib
import copy
import io
import json
import os
import sys
import tempfile

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from optimizer import cli

from .test_cli import EXAMPLE
from .test_platform import SHARED

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HOSTILE_VALUES = [
    0, -1, 1e-300, 5e-324, 1e-9, 1e308, 10**400, -(10**400), float("nan"), float("inf"),
    float("-inf"), True, None, "", "12", "NaN", [], {}, [1, 2], {"x": 1}, "x" * 10_000,
]  # fmt: skip

ODD_FILES = [
    b"", b"   \n", b"[]", b"[1, 2]", b"3", b"-1e999", b'"text"', b"null", b"true", b"\xff\xfe{}",
    b"\xef\xbb\xbf{}", b"[" * 100_000, b"{" * 50_000, b'{"budget": 1' + b"0" * 5000 + b"}",
    b"\x00\x00\x00", "{\"budget\": \"١٢\"}".encode(), b'{"budget": 1e999}',
]  # fmt: skip


def run_main(command: str, raw: bytes, *extra: str) -> tuple[int, str, str]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as file:
        file.write(raw)
    out, err = io.StringIO(), io.StringIO()
    argv = sys.argv
    sys.argv = ["optimizer", command, file.name, *extra]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main()
            except SystemExit as exit_:
                code = exit_.code
    finally:
        sys.argv = argv
        os.unlink(file.name)
    return code, out.getvalue(), err.getvalue()


def check_answer(code: int, out: str, err: str) -> None:
    assert code in (0, 1, 2), f"exit {code}: {err[:500]}"
    assert "Traceback" not in err
    if code == 2:
        assert out == ""
        lines = err.splitlines()
        assert lines and all(": " in line for line in lines), err[:500]
    else:
        answer = json.loads(out)
        if "points" in answer:  # a frontier: one plan per budget, each with its own status
            assert code == 0 and answer["points"]
        else:
            assert answer["status"] == ("optimal" if code == 0 else "infeasible")


def paths(data, prefix=()):
    """Every place a value sits in ``data``, as a tuple of keys and indexes."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return
    for key, value in items:
        yield (*prefix, key)
        yield from paths(value, (*prefix, key))


def replaced(data, path, value):
    data = copy.deepcopy(data)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def hostile_requests(example):
    where = sorted(paths(example), key=repr)
    one = st.tuples(st.sampled_from(where), st.sampled_from(HOSTILE_VALUES))
    return st.lists(one, min_size=1, max_size=3).map(
        lambda changes: _apply(example, changes)
    ) | st.sampled_from(ODD_FILES)


def _apply(example, changes):
    data = example
    for path, value in changes:
        try:
            data = replaced(data, path, value)
        except (KeyError, IndexError, TypeError):  # an earlier change removed the container
            continue
    return json.dumps(data).encode()


@pytest.mark.parametrize("command", ["plan", "frontier"])
@seed(13)
@SETTINGS
@given(raw=hostile_requests(EXAMPLE))
def test_single_plan_commands_answer_every_file_with_0_1_or_2(command, raw):
    extra = ("--budgets", "1000:20000:3") if command == "frontier" else ()
    check_answer(*run_main(command, raw, *extra))


@pytest.mark.parametrize(
    "budgets",
    [
        "0:0:0",
        "nan:1:2",
        "1:inf:2",
        "1e999:1e999:1",
        "1:2:" + "9" * 5000,
        "\u0661:\u0662:\u0663",
        "",
    ],
)
def test_frontier_budgets_are_checked(budgets):
    check_answer(*run_main("frontier", json.dumps(EXAMPLE).encode(), "--budgets", budgets))


@seed(13)
@SETTINGS
@given(raw=hostile_requests(SHARED))
def test_platform_command_answers_every_file_with_0_1_or_2(raw):
    check_answer(*run_main("platform", raw))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"max_spend": 0}, None),
        ({"max_spend": 0, "capacity": 0}, None),
        ({"price": 1e-300}, "placements[0].price: must be at least 0.0001"),
        ({"price": 0}, "placements[0].price: must be greater than 0"),
        ({"saturation": {"half_spend": 1e-300}}, "placements[0].saturation.half_spend: must be at least 0.01"),
        ({"max_spend": 1e-300}, "placements[0].max_spend: must be 0 or at least 0.01"),
        ({"aov": 10**400}, "placements[0].aov: must be a finite number"),
    ],
)  # fmt: skip
def test_degenerate_values_the_model_cannot_carry(change, expected):
    """A saturated placement capped at 0 used to divide by zero; tiny prices bought 1e303 clicks."""
    data = copy.deepcopy(EXAMPLE)
    data["placements"][0].update(change)
    code, out, err = run_main("plan", json.dumps(data).encode())
    if expected is None:
        assert code == 0, err
        allocation = json.loads(out)["allocations"][0]
        assert allocation["spend"] == 0 and allocation["clicks"] == 0
    else:
        assert code == 2 and expected in err.splitlines()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "request: the file is empty; it must hold a JSON object"),
        (b"[1, 2]", "request: must be a JSON object"),
        (b"\xff\xfe{}", "file: not UTF-8 text (byte 1 cannot be decoded)"),
        (b"[" * 100_000, "request: nested too deeply to be a plan request"),
    ],
)
def test_odd_files_are_invalid_requests(raw, expected):
    code, out, err = run_main("plan", raw)
    assert (code, out) == (2, "") and err.splitlines() == [expected]
