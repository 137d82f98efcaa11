"""JSON platform requests with values the model cannot carry: refused, with their paths."""

import copy

import pytest

from .test_platform import SHARED
from .test_platform_attack import platform


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["merchants"][0].update(min_roas="2"), "merchants[0].min_roas: must be between 0 and 1e+06"),
        (lambda d: d["merchants"][2].update(min_roas=True), "merchants[2].min_roas: must be between 0 and 1e+06"),
        (lambda d: d["merchants"][1].update(budget=0.001), "merchants[1].budget: must be a number from 0.01 to 1e+12"),
        (lambda d: d["merchants"][2]["rates"]["feed"].update(aov=1e-9), "merchants[2].rates.feed.aov: must be a number from 0.01 to 1e+12"),
        (lambda d: d["placements"][0].update(price=1e-300), "placements[0].price: must be at least 0.0001"),
    ],
)  # fmt: skip
def test_values_the_parquet_form_refuses_are_refused_in_json_too(change, expected):
    # a floor that was not a number silently became no floor; amounts below a cent and
    # prices below 0.0001 were taken from JSON (and refused from Parquet)
    data = copy.deepcopy(SHARED)
    change(data)
    code, out, err = platform(data)
    assert code == 2 and out == ""
    assert expected in err.splitlines()
