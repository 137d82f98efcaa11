"""Hostile and degenerate platform requests: each test here once broke the contract."""

import json

import pytest

from .test_cli_fuzz import check_answer, run_main
from .test_platform import SHARED


def platform(data, *extra: str) -> tuple[int, str, str]:
    code, out, err = run_main("platform", json.dumps(data).encode(), *extra)
    check_answer(code, out, err)
    return code, out, err


@pytest.mark.parametrize("inside", [False, True])
def test_out_that_cannot_be_a_directory_is_invalid_not_internal(tmp_path, inside):
    existing = tmp_path / "answer.json"
    existing.write_text("{}")
    out_dir = existing / "sub" if inside else existing
    code, out, err = platform(SHARED, "--out", str(out_dir))
    assert code == 2 and out == ""
    assert err.startswith("--out: ")
    assert existing.read_text() == "{}"
