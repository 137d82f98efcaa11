"""`--engine ray --method exact` ran in process without a word (the answer's "engine" said
"local", easy to miss): the command says so on standard error, its JSON unchanged."""

import json

from optimizer import cli

MARKET = {
    "objective": "revenue",
    "placements": [{"id": "p", "pricing": "cpc", "price": 1.0, "capacity": 100}],
    "merchants": [{"id": "m", "budget": 50, "rates": {"p": {"cvr": 0.1, "aov": 30}}}],
}


def test_an_engine_that_did_not_run_is_said(tmp_path, capsys):
    path = tmp_path / "market.json"
    path.write_text(json.dumps(MARKET))
    assert cli.run(["platform", str(path), "--engine", "ray", "--method", "exact"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["engine"] == "local"
    assert err == (
        "engine: --method exact runs in process; --engine ray applies to --method decomposed\n"
    )
    assert cli.run(["platform", str(path), "--method", "exact"]) == 0
    assert capsys.readouterr().err == ""
