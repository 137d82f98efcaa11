"""Turns a JSON request into a PlanRequest, or lists every problem (path, code, figures)."""

from typing import Any

import numpy as np

from ..checks import MAX_MONEY, MAX_UNITS, MIN_MONEY, MIN_PRICE, Checker
from ..errors import InvalidRequest, Problem
from ..solvers import constraint_name
from .request import OBJECTIVES, PRICINGS, Group, Placement, PlanRequest, Target

MAX_PLACEMENTS = 10_000
MAX_CURVE_POINTS = 500

TOP_FIELDS = {
    "budget", "objective", "margin", "min_roas", "spend_all", "target", "placements", "groups",
}  # fmt: skip
PLACEMENT_FIELDS = {
    "id", "pricing", "price", "ctr", "cvr", "aov", "impressions_per_slot", "capacity",
    "min_spend", "max_spend", "group", "saturation", "points",
}  # fmt: skip


def parse_plan_request(data: Any) -> PlanRequest:
    check = Checker()
    if not isinstance(data, dict):
        raise InvalidRequest([Problem("request", "not_json_object")])
    check.unknown_fields(data, TOP_FIELDS, "")

    budget = check.number(data, "budget", "", required=True, positive=True, smallest=MIN_MONEY)
    objective = data.get("objective", "revenue")
    if objective not in OBJECTIVES:
        check.add("objective", "one_of", choices=list(OBJECTIVES))
    margin = check.number(data, "margin", "", maximum=1.0, positive=True)
    if objective == "profit" and data.get("margin") is None:
        check.add("margin", "required_for_profit")
    min_roas = check.number(data, "min_roas", "", maximum=1e6)
    spend_all = data.get("spend_all", False)
    if not isinstance(spend_all, bool):
        check.add("spend_all", "not_boolean")
        spend_all = False
    target = _parse_target(check, data.get("target"), objective)
    groups = _parse_groups(check, data.get("groups"))
    placements = _parse_placements(check, data.get("placements"), groups)

    if check.problems:
        raise InvalidRequest(check.problems)
    return PlanRequest(
        budget=budget,
        placements=placements,
        objective=objective,
        margin=margin,
        min_roas=min_roas,
        spend_all=spend_all,
        target=target,
        groups=groups,
    )


def _parse_target(check: Checker, raw: Any, objective: str) -> Target | None:
    if raw is None:
        if objective == "min_spend":
            check.add("target", "required_for_min_spend")
        return None
    if (
        not isinstance(raw, dict)
        or len(raw) != 1
        or next(iter(raw)) not in ("conversions", "revenue")
    ):
        check.add("target", "one_goal")
        return None
    metric = next(iter(raw))
    value = check.number(raw, metric, "target", positive=True, maximum=MAX_UNITS)
    if objective != "min_spend":
        check.add("target", "only_for_min_spend")
    return Target(metric, value) if value is not None else None


def _parse_groups(check: Checker, raw: Any) -> dict[str, Group]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        check.add("groups", "not_group_table")
        return {}
    groups = {}
    named: dict[str, str] = {}  # constraint name -> group: PuLP needs them distinct
    for name, spec in raw.items():
        path = f"groups.{name}"
        other = named.setdefault(constraint_name(name), name)
        if other != name:
            check.add(path, "same_constraint_names", other=other)
        if not isinstance(spec, dict):
            check.add(path, "not_share_object")
            continue
        check.unknown_fields(spec, {"min_share", "max_share"}, path)
        low = check.number(spec, "min_share", path, maximum=1.0)
        high = check.number(spec, "max_share", path, maximum=1.0)
        low = 0.0 if low is None else low
        high = 1.0 if high is None else high
        if low > high:
            check.add(f"{path}.min_share", "exceeds_max_share", max_share=high)
        groups[name] = Group(min_share=low, max_share=high)
    return groups


def _parse_placements(check: Checker, raw: Any, groups: dict[str, Group]) -> tuple[Placement, ...]:
    if not isinstance(raw, list) or not raw:
        check.add("placements", "empty_list")
        return ()
    if len(raw) > MAX_PLACEMENTS:
        check.add("placements", "too_many_entries", most=MAX_PLACEMENTS)
        return ()
    seen: set[str] = set()
    placements = []
    for index, item in enumerate(raw):
        placement = _parse_placement(check, item, f"placements[{index}]", seen)
        if placement is not None:
            placements.append(placement)
    for name in groups:
        if not any(p.group == name for p in placements):
            check.add(f"groups.{name}", "empty_group")
    return tuple(placements)


def _parse_placement(check: Checker, item: Any, path: str, seen: set[str]) -> Placement | None:
    if not isinstance(item, dict):
        check.add(path, "not_an_object")
        return None
    before = len(check.problems)
    check.unknown_fields(item, PLACEMENT_FIELDS, path)

    placement_id = item.get("id")
    if not isinstance(placement_id, str) or not placement_id.strip():
        check.add(f"{path}.id", "empty_text")
    elif len(placement_id) > 100:
        check.add(f"{path}.id", "too_long", most=100)
    elif placement_id in seen:
        check.add(f"{path}.id", "duplicate_id", id=placement_id, of="placement")
    else:
        seen.add(placement_id)

    pricing = item.get("pricing")
    if pricing not in PRICINGS:
        check.add(f"{path}.pricing", "one_of", choices=list(PRICINGS))

    rate = {"minimum": 0.0, "maximum": 1.0}
    cvr = check.number(item, "cvr", path, required=True, **rate)
    aov = check.number(item, "aov", path, required=True, positive=True, smallest=MIN_MONEY)
    ctr = check.number(item, "ctr", path, required=pricing in ("cpm", "slot"), **rate)
    price = check.number(
        item, "price", path, required=pricing != "curve", positive=True, smallest=MIN_PRICE
    )
    per_slot = check.number(
        item, "impressions_per_slot", path, required=pricing == "slot", positive=True,
        maximum=MAX_UNITS, smallest=1,
    )  # fmt: skip
    capacity = check.number(item, "capacity", path, maximum=MAX_UNITS, integer=pricing == "slot")
    min_spend = check.number(item, "min_spend", path, smallest=MIN_MONEY)
    max_spend = check.number(item, "max_spend", path, smallest=MIN_MONEY)
    if min_spend is not None and max_spend is not None and min_spend > max_spend:
        check.add(f"{path}.min_spend", "exceeds_max_spend", max_spend=max_spend)

    group = item.get("group")
    if group is not None and (not isinstance(group, str) or not group):
        check.add(f"{path}.group", "not_group_name")

    half_spend = None
    saturation = item.get("saturation")
    if saturation is not None:
        if pricing not in ("cpc", "cpm"):
            check.add(f"{path}.saturation", "saturation_cpc_cpm_only")
        elif not isinstance(saturation, dict):
            check.add(f"{path}.saturation", "not_saturation_object", example=3000)
        else:
            check.unknown_fields(saturation, {"half_spend"}, f"{path}.saturation")
            half_spend = check.number(
                saturation, "half_spend", f"{path}.saturation", required=True, positive=True,
                smallest=MIN_MONEY,
            )  # fmt: skip

    points = None
    if pricing == "curve":
        points = _parse_points(check, item.get("points"), f"{path}.points")
    elif "points" in item:
        check.add(f"{path}.points", "points_curve_only")
    if pricing == "curve" and "capacity" in item:
        check.add(f"{path}.capacity", "curve_capacity")

    if len(check.problems) > before:
        return None
    if half_spend is not None and 0 in (max_spend, capacity):
        # A placement that may take no spend has no curve to saturate (its chords would have no
        # width); at zero spend the linear response gives the same figures, marginal ROAS too.
        half_spend = None
    return Placement(
        id=placement_id,
        pricing=pricing,
        cvr=cvr,
        aov=aov,
        price=price,
        ctr=ctr,
        impressions_per_slot=per_slot,
        capacity=capacity,
        min_spend=min_spend or 0.0,
        max_spend=max_spend,
        group=group,
        half_spend=half_spend,
        points=points,
    )


def _parse_points(check: Checker, raw: Any, path: str) -> tuple[tuple[float, float], ...] | None:
    if not isinstance(raw, list) or len(raw) < 2:
        check.add(path, "too_few_points")
        return None
    if len(raw) > MAX_CURVE_POINTS:
        check.add(path, "too_many_points", most=MAX_CURVE_POINTS)
        return None
    fast = _plain_points(raw)
    if fast is not None:
        return fast
    points = []
    for index, point in enumerate(raw):
        where = f"{path}[{index}]"
        if not isinstance(point, list) or len(point) != 2:
            check.add(where, "not_point_pair")
            return None
        pair = dict(zip(("spend", "clicks"), point, strict=True))
        spend = check.number(pair, "spend", where, maximum=MAX_MONEY, smallest=MIN_MONEY)
        clicks = check.number(pair, "clicks", where, maximum=MAX_UNITS)
        if spend is None or clicks is None:
            return None
        points.append((spend, clicks))
    if points[0] != (0.0, 0.0):
        check.add(f"{path}[0]", "first_point_not_origin")
        return None
    for index in range(1, len(points)):
        if points[index][0] <= points[index - 1][0]:
            check.add(f"{path}[{index}].spend", "spend_not_increasing")
            return None
    return tuple(points)


def _plain_points(raw: list) -> tuple[tuple[float, float], ...] | None:
    """The points when every one is a plain pair of numbers within the limits, the first
    is the origin and spend increases: checked as arrays, since a planner's 2,000 curves of
    500 points took 5 s one value at a time. Anything else returns None, and the checks
    above name the first point at fault."""
    plain = (int, float)
    if not all(
        type(point) is list
        and len(point) == 2
        and type(point[0]) in plain
        and type(point[1]) in plain
        for point in raw
    ):
        return None
    try:
        table = np.array(raw, dtype=float)
    except OverflowError:  # an integer past a float's range
        return None
    spend, clicks = table[:, 0], table[:, 1]
    positive = spend[1:]
    if not (
        np.isfinite(table).all()
        and spend[0] == 0.0
        and clicks[0] == 0.0
        and (positive >= MIN_MONEY).all()
        and (spend <= MAX_MONEY).all()
        and (clicks >= 0.0).all()
        and (clicks <= MAX_UNITS).all()
        and (np.diff(spend) > 0).all()
    ):
        return None
    return tuple(zip(spend.tolist(), clicks.tolist(), strict=True))
