"""Hypothesis strategies: small random plan requests of every kind the contract allows."""

from hypothesis import strategies as st


def money(low, high):
    return st.floats(low, high, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 2))


@st.composite
def placements(draw, index: int, with_curves: bool = True):
    kinds = ["cpc", "cpm", "slot"] + (["curve"] if with_curves else [])
    pricing = draw(st.sampled_from(kinds))
    item = {
        "id": f"p{index}",
        "pricing": pricing,
        "cvr": draw(st.floats(0.005, 0.1)),
        "aov": draw(money(10, 200)),
    }
    if pricing == "cpc":
        item["price"] = draw(money(0.1, 3))
    elif pricing == "cpm":
        item["price"] = draw(money(2, 30))
        item["ctr"] = draw(st.floats(0.001, 0.05))
    elif pricing == "slot":
        item["price"] = draw(money(200, 3000))
        item["impressions_per_slot"] = draw(st.integers(5_000, 300_000))
        item["ctr"] = draw(st.floats(0.001, 0.02))
        item["capacity"] = draw(st.integers(1, 8))
    else:
        steps = draw(
            st.lists(st.tuples(money(100, 3000), st.floats(0.05, 3)), min_size=1, max_size=4)
        )
        spend, clicks, points = 0.0, 0.0, [[0, 0]]
        for width, rate in steps:  # any shape: S-curves included
            spend += width
            clicks += width * rate
            points.append([round(spend, 2), round(clicks, 4)])
        item["points"] = points
    if pricing in ("cpc", "cpm") and draw(st.booleans()):
        item["saturation"] = {"half_spend": draw(money(200, 8000))}
    if pricing in ("cpc", "cpm") and draw(st.booleans()):
        item["capacity"] = draw(st.integers(500, 2_000_000))
    if draw(st.booleans()):
        item["max_spend"] = draw(money(500, 8000))
    if draw(st.integers(0, 3)) == 0:
        item["min_spend"] = draw(money(0, 1500))
        if "max_spend" in item:
            item["min_spend"] = min(item["min_spend"], item["max_spend"])
    if draw(st.booleans()):
        item["group"] = draw(st.sampled_from(["search", "display"]))
    return item


@st.composite
def plan_requests(draw, objectives=("revenue", "conversions", "profit"), with_curves=True):
    count = draw(st.integers(1, 5))
    items = [draw(placements(i, with_curves)) for i in range(count)]
    request = {
        "budget": draw(money(500, 20000)),
        "objective": draw(st.sampled_from(objectives)),
        "placements": items,
    }
    if request["objective"] == "profit":
        request["margin"] = draw(st.floats(0.2, 0.9))
    if draw(st.integers(0, 2)) == 0:
        request["min_roas"] = draw(st.floats(0.5, 4))
    if draw(st.integers(0, 3)) == 0:
        request["spend_all"] = True
    groups = {p["group"] for p in items if "group" in p}
    if groups and draw(st.booleans()):
        name = sorted(groups)[0]
        low = draw(st.floats(0, 0.4))
        request["groups"] = {
            name: {"min_share": round(low, 3), "max_share": round(draw(st.floats(low, 1)), 3)}
        }
    return request
