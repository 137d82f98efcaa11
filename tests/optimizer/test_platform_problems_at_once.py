"""A platform request's problems are said in one round: an operator whose file had a misspelt
field and a placement id that does not exist was told of those two only; fixing them revealed
a dozen more (negative budgets, a conversion rate of 1.5, a missing order value)."""

import pytest

from optimizer import InvalidRequest
from optimizer.platform.validation import parse_platform_request
from optimizer.words import sentence


def request():
    return {
        "objective": "revenue",
        "placements": [{"id": "p1", "pricing": "cpc", "price": 1, "capacity": 5},
                       {"id": "p3", "pricing": "cpm", "price": 5}],
        "merchants": [
            {"id": "x", "budget": -400, "rates": {"p1": {"cvr": 1.5, "aov": 20},
                                                  "zz": {"cvr": 0.1, "aov": 1}}},
            {"id": "x", "budget": 100, "rates": {"p3": {"cvr": 0.1}}},
            {"id": "z", "budget": 100, "rates": {"p1": {"cvr": 0.1, "aov": 20}}, "extra": 1},
        ],
    }  # fmt: skip


def test_every_problem_in_one_round():
    with pytest.raises(InvalidRequest) as refused:
        parse_platform_request(request())
    assert {sentence(problem) for problem in refused.value.problems} == {
        "merchants[0].rates.zz: is not a placement of this request",
        "merchants[2].extra: is not a known field",
        "merchants[1].id: duplicates another merchant's id 'x'",
        "merchants[0].budget: must be a number from 0.01 to 1e+12",
        "merchants[0].rates.p1.cvr: must be a number between 0 and 1",
        "merchants[1].rates.p3.aov: must be a number from 0.01 to 1e+12",
        "merchants[1].rates.p3.ctr: is required: the placement is cpm and has no ctr of its own",
    }


def test_a_merchant_that_cannot_be_read_keeps_the_others_numbered_right():
    data = request()
    data["merchants"].insert(0, "not a merchant")
    with pytest.raises(InvalidRequest) as refused:
        parse_platform_request(data)
    said = [sentence(problem) for problem in refused.value.problems]
    assert "merchants[0]: must be an object with id, budget and rates" in said
    assert not any(p.startswith("merchants[0].budget") for p in said)
