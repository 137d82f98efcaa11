"""The command reads at most --max-input-bytes of a request: /dev/zero or an endless pipe is
refused at once (exit 2, one line on standard error) instead of being read until killed."""

import json
import os

import pytest

from .test_cli import EXAMPLE, optimizer

COMMANDS = [("plan",), ("frontier", "--budgets", "1000:2000:3"), ("platform",)]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_endless_file_is_refused_with_the_default_limit(command):
    run = optimizer(command[0], "/dev/zero", *command[1:])
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1 and "--max-input-bytes" in run.stderr, run.stderr


def test_standard_input_over_the_limit_is_refused():
    text = json.dumps(EXAMPLE)
    run = optimizer("plan", "-", "--max-input-bytes", str(len(text) - 1), stdin=text)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.strip() == (
        f"file: larger than {len(text) - 1:,} bytes; raise --max-input-bytes to read it"
    )


def test_a_request_of_exactly_the_limit_is_solved(tmp_path):
    text = json.dumps(EXAMPLE)
    request = tmp_path / "request.json"
    request.write_text(text)
    run = optimizer("plan", str(request), "--max-input-bytes", str(len(text.encode())))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["status"] == "optimal"


@pytest.mark.parametrize("value", ["0", "-5", "lots", "1.5"])
def test_a_limit_that_is_not_a_byte_count_is_refused(value):
    run = optimizer("plan", "-", "--max-input-bytes", value, stdin="{}")
    assert run.returncode == 2 and run.stdout == ""
    assert "--max-input-bytes" in run.stderr
