"""`--write-lp` into a folder that does not exist was "internal error: FileNotFoundError"
(exit 3, "a bug of ours"); it is the operator's mistake, said as one (exit 2), before solving."""

import json

import pytest

from optimizer import cli

MARKET = {
    "objective": "revenue",
    "placements": [{"id": "p", "pricing": "cpc", "price": 1.0, "capacity": 100}],
    "merchants": [{"id": "m", "budget": 50, "rates": {"p": {"cvr": 0.1, "aov": 30}}}],
}
PLAN = {"budget": 100, "placements": [{"id": "p", "pricing": "cpc", "price": 1, "cvr": 0.1,
                                       "aov": 30}]}  # fmt: skip


@pytest.mark.parametrize(("command", "request_data"), [("platform", MARKET), ("plan", PLAN)])
def test_an_lp_file_that_cannot_be_written_is_refused_first(tmp_path, capsys, command,
                                                             request_data):  # fmt: skip
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request_data))
    missing = tmp_path / "no-such-folder" / "model.lp"
    assert cli.run([command, str(path), "--write-lp", str(missing)]) == cli.INVALID_EXIT
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"--write-lp: no directory {missing.parent} to write model.lp into\n"
    assert cli.run([command, str(path), "--write-lp", str(tmp_path)]) == cli.INVALID_EXIT
    assert "is a directory" in capsys.readouterr().err
    assert cli.run([command, str(path), "--write-lp", str(tmp_path / "m.lp")]) == 0
    assert (tmp_path / "m.lp").exists()
