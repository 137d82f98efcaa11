"""Where the price search stalls: linear rates beside saturated ones, floors, budgets far past
the inventory. The bound's terms at their smallest, and the chord programme that closes it."""

import numpy as np
import pytest

from optimizer.platform.decomposed.local_engine import LocalEngine, shards_of
from optimizer.platform.planning import platform_plan
from optimizer.platform.validation import parse_platform_request

from .test_platform_decomposed import (
    GAP,
    check_plan_keeps_every_constraint,
    chord_model,
    marketplace,
)


def stalling_marketplace(seed: int) -> dict:
    """The shape a random search found the gap left open in (23 of 300 before the chords,
    none of 600 since): some linear rates, high floors, budgets up to 100,000 times the
    usual."""
    rng = np.random.default_rng(seed + 999)
    data = marketplace(
        seed, merchants=int(rng.integers(2, 40)), placements=int(rng.integers(2, 8)),
        saturated=0.3, floors=float(rng.uniform(0.3, 1)),
    )  # fmt: skip
    scale = 10 ** rng.uniform(0, 5)
    for merchant in data["merchants"]:
        merchant["budget"] = round(merchant["budget"] * scale, 2)
        if "min_roas" in merchant:
            merchant["min_roas"] = float(rng.uniform(1, 12))
    return data


@pytest.mark.parametrize("seed", [172, 248, 265, 281])  # each above the gap without chords
def test_the_gap_is_proven_where_the_price_search_stalls(seed):
    request = parse_platform_request(stalling_marketplace(seed))
    result = platform_plan(request, method="decomposed", gap=GAP)
    check_plan_keeps_every_constraint(request, result)
    assert result.gap <= GAP
    answer = result.to_json()
    prices = np.array([answer["placement_prices"][p] for p in request.placement_ids])
    recomputed = chord_model(request, prices)  # the Lagrangian at those prices, from below
    assert recomputed <= answer["bound"] * (1 + 1e-9)
    assert (recomputed - answer["objective_value"]) / recomputed <= GAP


@pytest.mark.parametrize("seed", range(8))
def test_each_merchants_smallest_term_lies_between_the_kernels_and_the_truth(seed):
    """Below the kernel's own bound (it is a minimum over more multipliers), and above the
    Lagrangian on chords (chords lie under the curves, so that one is below the true one)."""
    request = parse_platform_request(stalling_marketplace(seed))
    rng = np.random.default_rng(seed)
    prices = np.where(np.isfinite(request.capacity), rng.uniform(0, 2, request.capacity.shape), 0)
    capped = np.isfinite(request.capacity)
    fixed = float(prices[capped] @ request.capacity[capped])
    for _, shard in shards_of(request, 1):
        kernel, _ = shard.solve(prices)
        smallest = shard.tight_bound(prices)
        assert smallest <= kernel * (1 + 1e-12) + 1e-9
    truth_from_below = chord_model(request, prices)
    assert fixed + LocalEngine(request).tight_bound(prices) >= truth_from_below * (1 - 1e-9)


def test_the_ray_engine_closes_the_same_gap():
    pytest.importorskip("ray")
    request = parse_platform_request(stalling_marketplace(265))
    local = platform_plan(request, method="decomposed", gap=GAP)
    ray = platform_plan(request, method="decomposed", engine="ray", gap=GAP, workers=2)
    assert ray.engine == "ray" and ray.gap <= GAP
    check_plan_keeps_every_constraint(request, ray)
    # two shards sum in another order, so the search may stop elsewhere within the gap
    assert ray.objective_value >= local.bound * (1 - GAP)
    assert local.objective_value >= ray.bound * (1 - GAP)


def test_a_gap_left_open_is_said_on_standard_error(tmp_path, monkeypatch, capsys):
    """Past the chord programme's size nothing closes it: the plan is answered, and the
    weaker proof is said, not hidden in the JSON."""
    import json

    from optimizer import cli
    from optimizer.platform import planning as platform

    monkeypatch.setattr(platform, "CHORD_MAX_RATES", 0)
    source = tmp_path / "market.json"
    source.write_text(json.dumps(stalling_marketplace(248)))
    assert cli.run(["platform", str(source), "--method", "decomposed"]) == cli.OPTIMAL_EXIT
    captured = capsys.readouterr()
    answer = json.loads(captured.out)
    assert answer["gap"] > 1e-3
    assert f"gap: proven within {answer['gap'] * 100:.4g}% only, above --gap 0.001" in captured.err
