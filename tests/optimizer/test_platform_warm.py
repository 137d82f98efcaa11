"""A warm re-plan (``--warm PREVIOUS_ANSWER``): after some merchants change, the partitioned
plan starts from the previous answer's prices and is certified exactly as a cold one."""

import copy
import json

import numpy as np
import pytest

from optimizer.platform.validation import parse_platform_request

from .partitioned_market import write_partitioned
from .test_platform_decomposed import GAP, chord_model, marketplace, run_cli


def answer_of(completed):
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def changed(data: dict, seed: int, share: float = 0.1) -> dict:
    """Some merchants' budgets or rates changed."""
    rng = np.random.default_rng(seed)
    data = copy.deepcopy(data)
    for shop in data["merchants"]:
        if rng.random() < share / 2:
            shop["budget"] *= float(rng.uniform(0.5, 1.5))
        elif rng.random() < share / 2:
            for rate in shop["rates"].values():
                rate["cvr"] = min(rate["cvr"] * float(rng.uniform(0.7, 1.3)), 1.0)
    return data


@pytest.mark.parametrize(("seed", "saturated"), [(1, 1.0), (2, 1.0), (5, 0.6)])
def test_warm_answer_is_certified_like_the_cold_one(tmp_path, seed, saturated):
    data = marketplace(seed, merchants=80, saturated=saturated)
    write_partitioned(data, tmp_path / "before")
    first = run_cli(tmp_path / "before", "--out", tmp_path / "first", "--workers", "2")
    (tmp_path / "first.json").write_text(answer_of(first) and first.stdout)
    after = changed(data, seed)
    write_partitioned(after, tmp_path / "after")
    cold = answer_of(run_cli(tmp_path / "after", "--out", tmp_path / "cold", "--workers", "2"))
    warm = answer_of(run_cli(tmp_path / "after", "--out", tmp_path / "warm", "--workers", "2",
                             "--warm", tmp_path / "first.json"))  # fmt: skip
    assert warm["warm"] and not cold["warm"]
    assert warm["gap"] <= GAP and cold["gap"] <= GAP
    assert warm["objective_value"] == pytest.approx(cold["objective_value"], rel=2 * GAP)
    # the bound from the published prices alone, as a cold answer's is checked
    request = parse_platform_request(after)
    prices = np.array([warm["placement_prices"][p] for p in request.placement_ids])
    recomputed = chord_model(request, prices)
    assert recomputed <= warm["bound"] * (1 + 1e-9)
    assert (recomputed - warm["objective_value"]) / recomputed <= GAP


def test_warm_from_its_own_answer_takes_fewer_iterations(tmp_path):
    data = marketplace(2, merchants=80, saturated=1.0)
    write_partitioned(data, tmp_path / "market")
    first = run_cli(tmp_path / "market", "--out", tmp_path / "first")
    cold = answer_of(first)
    (tmp_path / "first.json").write_text(first.stdout)
    warm = answer_of(run_cli(tmp_path / "market", "--out", tmp_path / "again",
                             "--warm", tmp_path / "first.json"))  # fmt: skip
    assert warm["price_iterations"] < cold["price_iterations"]
    assert warm["gap"] <= GAP


def test_a_warm_file_that_is_not_an_answer_is_refused_before_any_work(tmp_path):
    data = marketplace(3, merchants=10)
    write_partitioned(data, tmp_path / "market")
    (tmp_path / "bad.json").write_text('{"status": "optimal"}')
    completed = run_cli(tmp_path / "market", "--out", tmp_path / "out",
                        "--warm", tmp_path / "bad.json")  # fmt: skip
    assert completed.returncode == 2 and completed.stdout == ""
    assert completed.stderr.strip() == (
        f"--warm: {tmp_path / 'bad.json'} is not a platform answer "
        "(a JSON object with placement_prices)"
    )
    missing = run_cli(tmp_path / "market", "--out", tmp_path / "out",
                      "--warm", tmp_path / "none.json")  # fmt: skip
    assert missing.returncode == 2 and missing.stderr.startswith("--warm: cannot read")


def test_warm_applies_to_partitioned_data_only(tmp_path):
    data = marketplace(3, merchants=10)
    (tmp_path / "request.json").write_text(json.dumps(data))
    (tmp_path / "answer.json").write_text('{"placement_prices": {}}')
    completed = run_cli(tmp_path / "request.json", "--warm", tmp_path / "answer.json")
    assert completed.returncode == 2 and completed.stderr.startswith("--warm: a warm start")
