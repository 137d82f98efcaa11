"""The merchants' kernels built ahead of time (``make install``) answer as numba's own do,
and a plan that uses them never loads numba."""

import subprocess
import sys

import numpy as np
import pytest

from optimizer.platform.decomposed import bound, compiled, kernel
from optimizer.platform.decomposed.local_engine import shards_of
from optimizer.platform.validation import parse_platform_request

from .test_platform_decomposed import marketplace

needs_build = pytest.mark.skipif(
    compiled.BUILT is None,
    reason="no ahead-of-time build for this source: `make install` builds it",
)


@needs_build
@pytest.mark.parametrize("seed", [3, 17, 41])
@pytest.mark.parametrize("index", [np.int32, np.int64])
def test_built_kernels_answer_as_numbas_own(seed, index):
    request = parse_platform_request(marketplace(seed, merchants=40, placements=6))
    (_, shard), *_ = shards_of(request, 1)
    placement = shard.placement.astype(index)
    prices = np.random.default_rng(seed).uniform(0, 0.05, len(request.placement_ids))
    common = (shard._starts, placement, shard.revenue_rate, shard.weight, shard.units)
    answers = []
    for solve, bound_of, recover in (
        (compiled.solve_merchants, compiled.tight_bound, compiled.recover),
        (kernel.solve_merchants, bound.tight_bound, kernel.recover),
    ):
        lam, mu, spend = (np.empty(shard.merchants), np.empty(shard.merchants),
                          np.empty(len(placement)))  # fmt: skip
        total, sold = solve(
            *common, shard._half, shard.half_spend, shard.budget, shard.min_roas, prices,
            np.zeros(shard.merchants), np.zeros(shard.merchants), spend, lam, mu,
        )  # fmt: skip
        tight = bound_of(*common, shard.half_spend, shard.budget, shard.min_roas, prices, mu)
        out = np.empty(len(spend))
        value = recover(
            shard._starts, placement, shard.revenue_rate, shard.weight, shard.half_spend,
            shard.min_roas, shard.budget, spend, np.full(len(prices), 0.9), out,
        )  # fmt: skip
        answers.append((total, sold, spend, lam, mu, tight, value, out))
    for built, own in zip(*answers, strict=True):
        np.testing.assert_allclose(built, own, rtol=1e-12, atol=1e-9)
    assert answers[0][2].sum() > 0  # the merchants did spend: not two empty answers agreeing


@needs_build
def test_a_plan_by_decomposition_never_loads_numba():
    program = (
        "import sys\n"
        "from optimizer.platform.planning import platform_plan\n"
        "from optimizer.platform.validation import parse_platform_request\n"
        "from tests.optimizer.test_platform_decomposed import marketplace\n"
        "result = platform_plan(parse_platform_request(marketplace(5)), method='decomposed')\n"
        "print(result.method, 'numba' in sys.modules)\n"
    )
    shown = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                           check=True).stdout.split()  # fmt: skip
    assert shown == ["decomposed", "False"]


def test_only_the_types_it_was_built_for_reach_the_built_code():
    # Found by the attack pass: the built wrapper checks only an array's width, so a float32
    # array crashed the process and an int64 one in a float's place was read as its bits.
    floats = [np.zeros(3) for _ in range(4)]
    starts, placement = np.array([0, 3]), np.array([0, 1, 1])
    assert compiled._built_for((starts, *floats), placement, outputs=1)
    assert compiled._built_for((starts, *floats), placement.astype(np.int32), outputs=1)
    readonly = np.zeros(3)
    readonly.flags.writeable = False
    # read only, the weights' 0-stride view is fine as an input, never as an output
    assert compiled._built_for((starts, readonly, *floats[1:]), placement, outputs=1)
    assert not compiled._built_for((starts, *floats[:-1], readonly), placement, outputs=1)
    for wrong in (np.zeros(3, np.float32), np.zeros(3, np.int64), np.zeros(3, ">f8"),
                  np.zeros((3, 1)), [0.0, 0.0, 0.0]):  # fmt: skip
        assert not compiled._built_for((starts, wrong, *floats[1:]), placement), wrong
    assert not compiled._built_for((starts.astype(np.int32), *floats), placement)
    assert not compiled._built_for((starts, *floats), placement.astype(">i8"))
    assert not compiled._built_for((starts, *floats), placement.astype(np.int16))
