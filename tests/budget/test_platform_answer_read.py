"""The run reads the optimizer's result straight from its columns (the JSON's row dicts held
1.5 GB at 100,000 stores): it reads exactly what the JSON says."""

from merchant_portal.budget.platform.answer import read_answer, read_result
from optimizer.platform.planning import platform_plan
from optimizer.platform.validation import parse_platform_request


def test_the_result_read_from_its_columns_is_the_result_read_from_its_json():
    request = {
        "objective": "revenue",
        "placements": [
            {"id": "search", "pricing": "cpc", "price": 0.8, "capacity": 1500},
            {"id": "feed", "pricing": "cpm", "price": 12.0, "ctr": 0.01,
             "saturation": {"half_spend": 900.0}},
        ],
        "merchants": [
            {"id": f"store-{i}", "budget": 400.0 + 300 * i, **({"min_roas": 2.0} if i == 2 else {}),
             "rates": {"search": {"cvr": 0.02 + 0.01 * i, "aov": 60.0},
                       "feed": {"cvr": 0.03, "aov": 40.0 + 10 * i}}}
            for i in range(4)
        ],
    }  # fmt: skip
    result = platform_plan(parse_platform_request(request))
    from_json = read_answer(result.to_json())
    assert from_json.allocations, "the market buys something"
    assert read_result(result) == from_json
