"""Turning the placements catalogue and a planner's choices into an optimizer request."""

from .models import Placement

# Where on the plan form an optimizer path belongs, its index and channel taken out:
# ``placements[3].min_spend`` is ``placements[].min_spend``, ``groups.search.max_share`` is
# ``groups.{channel}.max_share``. A path not listed goes to the field named by its first part.
FORM_FIELDS = {
    "placements[].min_spend": "min:{code}",
    "placements[].max_spend": "max:{code}",
    "placements[]": "placements",
    "groups.{channel}": "share:{channel}",
    "groups.{channel}.min_share": "share:{channel}",
    "groups.{channel}.max_share": "share:{channel}",
}


def placement_item(p: Placement, min_spend=None, max_spend=None) -> dict:
    """One catalogue placement as the optimizer's request expects it (OPTIMIZER.md §1)."""
    item = {
        "id": p.code,
        "pricing": p.pricing,
        "cvr": p.prior_cvr,
        "aov": float(p.prior_aov),
        "group": p.channel,
    }
    if p.pricing != "curve":
        item["price"] = float(p.price)
    if p.pricing in ("cpm", "slot"):
        item["ctr"] = p.prior_ctr
    if p.pricing == "slot":
        item["impressions_per_slot"] = p.impressions_per_slot
    if p.pricing == "curve":
        item["points"] = p.curve_points
    elif p.inventory is not None:
        item["capacity"] = p.inventory
    if p.half_spend is not None and p.pricing in ("cpc", "cpm"):
        item["saturation"] = {"half_spend": float(p.half_spend)}
    if min_spend is not None:
        item["min_spend"] = float(min_spend)
    if max_spend is not None:
        item["max_spend"] = float(max_spend)
    return item


def plan_request(placements: list[Placement], choices: dict) -> dict:
    """``choices``: budget, objective, margin, min_roas, spend_all, bounds {code: (min, max)},
    shares {channel: max_share}."""
    bounds = choices.get("bounds", {})
    request = {
        "budget": float(choices["budget"]),
        "objective": choices["objective"],
        "spend_all": bool(choices.get("spend_all")),
        "placements": [placement_item(p, *bounds.get(p.code, (None, None))) for p in placements],
    }
    if choices.get("margin") is not None:
        request["margin"] = float(choices["margin"])
    if choices.get("min_roas") is not None:
        request["min_roas"] = float(choices["min_roas"])
    shares = {ch: s for ch, s in choices.get("shares", {}).items() if s is not None}
    if shares:
        request["groups"] = {ch: {"max_share": float(s) / 100} for ch, s in shares.items()}
    return request


def field_for(path: str, placements: list[Placement]) -> str:
    """Where on the plan form an optimizer path belongs: ``budget``, ``min:<code>``, …"""
    head, _, rest = path.partition(".")
    if head.startswith("placements[") and head.endswith("]"):
        index = int(head.removeprefix("placements[").removesuffix("]"))
        code = placements[index].code if index < len(placements) else "?"
        field = rest.partition(".")[0].partition("[")[0]
        key = f"placements[].{field}" if f"placements[].{field}" in FORM_FIELDS else "placements[]"
        return FORM_FIELDS[key].format(code=code)
    if head == "groups" and rest:
        for share in ("min_share", "max_share"):
            if rest.endswith(f".{share}"):
                channel = rest.removesuffix(f".{share}")
                return FORM_FIELDS[f"groups.{{channel}}.{share}"].format(channel=channel)
        return FORM_FIELDS["groups.{channel}"].format(channel=rest)
    return head.partition("[")[0]
