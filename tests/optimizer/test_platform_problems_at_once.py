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


@pytest.mark.parametrize(
    ("field", "value"),
    [("min_roas", "2"), ("min_roas", True), ("min_roas", float("nan")), ("ctr", "abc"),
     ("ctr", float("nan")), ("half_spend", "abc"), ("half_spend", float("nan"))],
)  # fmt: skip
def test_a_value_that_is_not_a_number_is_refused_on_any_merchant(field, value):
    """Only the first 500 missing values of a field were looked at: merchant 590's floor of
    "2" was read as no floor at all, and the plan answered without it (exit 0)."""
    data = {
        "placements": [{"id": "p1", "pricing": "cpc", "price": 1, "capacity": 50}],
        "merchants": [
            {"id": f"m{m}", "budget": 100, "rates": {"p1": {"cvr": 0.1, "aov": 20}}}
            for m in range(600)
        ],
    }
    merchant = data["merchants"][590]
    (merchant if field == "min_roas" else merchant["rates"]["p1"])[field] = value
    with pytest.raises(InvalidRequest) as refused:
        parse_platform_request(data)
    [problem] = refused.value.problems
    where = "merchants[590]" + ("" if field == "min_roas" else ".rates.p1")
    assert sentence(problem).startswith(f"{where}.{field}: must be")
