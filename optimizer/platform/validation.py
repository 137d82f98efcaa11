"""The platform request, validated into flat arrays (one entry per merchant and placement).

A marketplace request holds hundreds of thousands of rates, so values are gathered in one
pass and checked with numpy; only when something is wrong does a slower walk record each
problem with its path (``merchants[12].rates.search_top.cvr``, ``number_between``).
"""

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..checks import MAX_MONEY, MAX_UNITS, MIN_MONEY, MIN_PRICE, Checker
from ..errors import InvalidRequest, Problem

PLATFORM_OBJECTIVES = ("revenue", "conversions")
PLATFORM_PRICINGS = ("cpc", "cpm")
TOP_FIELDS = {"objective", "placements", "merchants"}
PLACEMENT_FIELDS = {"id", "pricing", "price", "ctr", "capacity", "saturation"}
MERCHANT_FIELDS = {"id", "budget", "min_roas", "rates"}
RATE_FIELDS = ("cvr", "aov", "ctr", "half_spend")
MIN_HALF_SPEND = 0.01  # a cent: below it the curve is a step no money can climb
MAX_PROBLEMS = 50  # beyond this a planner needs the first few, not all 700,000
RATE = {"low": 0, "high": 1}  # a rate's range, as its problems say it


@dataclass
class PlatformRequest:
    objective: str
    placement_ids: list[str]
    cpm: np.ndarray  # bool per placement
    price: np.ndarray
    placement_ctr: np.ndarray  # nan where the placement has none
    capacity: np.ndarray  # inf where unlimited
    merchant_ids: list[str]
    budget: np.ndarray
    min_roas: np.ndarray  # nan where the merchant has no floor
    rate_merchant: np.ndarray  # per rate: merchant index
    rate_placement: np.ndarray  # per rate: placement index
    cvr: np.ndarray
    aov: np.ndarray
    ctr: np.ndarray  # the rate's own ctr, else the placement's (nan for cpc)
    half_spend: np.ndarray  # the rate's own, else the placement's saturation; inf: linear

    @property
    def saturated(self) -> bool:
        return bool(np.isfinite(self.half_spend).any())

    @property
    def units_per_spend(self) -> np.ndarray:
        """Per rate: clicks (cpc) or impressions (cpm) one unit of money buys."""
        per_placement = np.where(self.cpm, 1000.0, 1.0) / self.price
        return per_placement[self.rate_placement]

    @property
    def clicks_per_spend(self) -> np.ndarray:
        units = self.units_per_spend
        return np.where(self.cpm[self.rate_placement], units * self.ctr, units)


def parse_platform_request(data: Any) -> PlatformRequest:
    check = Checker()
    if not isinstance(data, dict):
        raise InvalidRequest([Problem("request", "not_json_object")])
    check.unknown_fields(data, TOP_FIELDS, "")
    objective = data.get("objective", "revenue")
    if objective not in PLATFORM_OBJECTIVES:
        check.add("objective", "one_of", choices=list(PLATFORM_OBJECTIVES))

    placements = _placements(check, data.get("placements"))
    merchants = data.get("merchants")
    if not isinstance(merchants, list) or not merchants:
        check.add("merchants", "empty_list")
        raise InvalidRequest(check.problems)
    if check.problems:
        raise InvalidRequest(check.problems)
    ids, cpm, price, placement_ctr, capacity, placement_half = placements
    column_of = {placement_id: j for j, placement_id in enumerate(ids)}

    merchant_ids, budgets, floors = [], [], []
    rate_merchant, rate_placement, raw = [], [], {name: [] for name in RATE_FIELDS}
    key_counts = []
    skipped = False  # a merchant not read at all: the arrays below would misnumber the rest
    for m, merchant in enumerate(merchants):
        if not isinstance(merchant, dict) or not isinstance(merchant.get("rates"), dict):
            check.add(f"merchants[{m}]", "not_merchant_object")
            skipped = True
            continue
        merchant_ids.append(merchant.get("id"))
        budgets.append(merchant.get("budget"))
        floors.append(merchant.get("min_roas"))
        if len(merchant) > len(MERCHANT_FIELDS) or not merchant.keys() <= MERCHANT_FIELDS:
            check.unknown_fields(merchant, MERCHANT_FIELDS, f"merchants[{m}]")
        rates = merchant["rates"]
        if not rates:
            check.add(f"merchants[{m}].rates", "no_rates")
        for placement_id, rate in rates.items():
            j = column_of.get(placement_id)
            if j is None or not isinstance(rate, dict):
                why = "unknown_placement" if j is None else "not_an_object"
                check.add(f"merchants[{m}].rates.{placement_id}", why)
                continue
            rate_merchant.append(m)
            rate_placement.append(j)
            raw["cvr"].append(rate.get("cvr"))
            raw["aov"].append(rate.get("aov"))
            raw["ctr"].append(rate.get("ctr"))
            raw["half_spend"].append(rate.get("half_spend"))
            key_counts.append(len(rate))
        if len(check.problems) >= MAX_PROBLEMS:
            break
    if skipped or len(check.problems) >= MAX_PROBLEMS:
        raise InvalidRequest(_capped(check.problems))
    # an unknown field or placement is said with every value's problem, in one round (a
    # misspelt field used to hide each negative budget until it was fixed)

    rate_merchant = np.array(rate_merchant, dtype=np.int64)
    rate_placement = np.array(rate_placement, dtype=np.int64)
    budget = _numbers(budgets, "budget", required=True)
    min_roas = _numbers(floors, "min_roas", required=False)
    cvr = _numbers(raw["cvr"], "cvr", required=True)
    aov = _numbers(raw["aov"], "aov", required=True)
    own_ctr = _numbers(raw["ctr"], "ctr", required=False)
    own_half = _numbers(raw["half_spend"], "half_spend", required=False)

    problems = list(check.problems)
    problems += _merchant_problems(merchant_ids, budget, min_roas, floors)
    present = (
        (~np.isnan(cvr)).astype(int)
        + (~np.isnan(aov))
        + (~np.isnan(own_ctr))
        + (~np.isnan(own_half))
    )
    unknown = np.array(key_counts) != present
    problems += _rate_problems(
        merchants, ids, rate_merchant, rate_placement, cvr, aov, own_ctr, cpm, placement_ctr,
        unknown, raw,
    )  # fmt: skip
    problems += _half_spend_problems(rate_merchant, rate_placement, ids, own_half, raw, unknown)
    if problems:
        raise InvalidRequest(_capped(problems))
    ctr = np.where(np.isnan(own_ctr), placement_ctr[rate_placement], own_ctr)
    half_spend = np.where(np.isnan(own_half), placement_half[rate_placement], own_half)
    half_spend = np.where(np.isnan(half_spend), np.inf, half_spend)
    return PlatformRequest(
        objective, ids, cpm, price, placement_ctr, capacity, merchant_ids, budget, min_roas,
        rate_merchant, rate_placement, cvr, aov, ctr, half_spend,
    )  # fmt: skip


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = Problem("request", "more_problems", {"count": len(problems) - MAX_PROBLEMS})
    return [*problems[:MAX_PROBLEMS], more]


def _placements(check: Checker, raw: Any):
    if not isinstance(raw, list) or not raw:
        check.add("placements", "empty_list")
        return [], None, None, None, None, None
    ids, cpm, price, ctr, capacity, half = [], [], [], [], [], []
    for index, item in enumerate(raw):
        path = f"placements[{index}]"
        if not isinstance(item, dict):
            check.add(path, "not_an_object")
            continue
        check.unknown_fields(item, PLACEMENT_FIELDS, path)
        placement_id = item.get("id")
        if not isinstance(placement_id, str) or not placement_id:
            check.add(f"{path}.id", "empty_text")
        elif placement_id in ids:
            check.add(f"{path}.id", "duplicate_id", id=placement_id, of="placement")
        pricing = item.get("pricing")
        if pricing not in PLATFORM_PRICINGS:
            check.add(f"{path}.pricing", "platform_pricing")
        ids.append(placement_id)
        cpm.append(pricing == "cpm")
        price.append(
            check.number(item, "price", path, required=True, positive=True, smallest=MIN_PRICE)
        )
        value = check.number(item, "ctr", path, maximum=1.0)
        ctr.append(math.nan if value is None else value)
        value = check.number(item, "capacity", path, maximum=MAX_UNITS)
        capacity.append(math.inf if value is None else value)
        half.append(_saturation(check, item.get("saturation"), f"{path}.saturation"))
    return (
        ids,
        np.array(cpm),
        np.array(price, float),
        np.array(ctr, float),
        np.array(capacity, float),
        np.array(half, float),
    )


def _saturation(check: Checker, raw: Any, path: str) -> float:
    """A placement's ``{"half_spend": h}``, or nan when it saturates nobody's response."""
    if raw is None:
        return math.nan
    if not isinstance(raw, dict):
        check.add(path, "not_saturation_object", example=1500)
        return math.nan
    check.unknown_fields(raw, {"half_spend"}, path)
    value = check.number(
        raw, "half_spend", path, required=True, positive=True, smallest=MIN_HALF_SPEND
    )
    return math.nan if value is None else value


def _numbers(values: list, field: str, required: bool) -> np.ndarray:
    """Floats (nan for missing), or nan where a value is not a number at all; the problem
    walk below names those. Booleans are not numbers here, though Python says they are."""
    kinds = set(map(type, values))
    try:
        if kinds <= {int, float} or (not required and kinds <= {int, float, type(None)}):
            return np.array(values, dtype=float)
    except OverflowError:  # an integer past any float: infinite, so the range checks name it
        pass
    return np.array([_float(v) if type(v) in (int, float) else math.nan for v in values], float)


def _float(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _merchant_problems(ids, budget, min_roas, raw_floors) -> list[Problem]:
    problems = []
    seen: set = set()
    for m, merchant_id in enumerate(ids):
        if not isinstance(merchant_id, str) or not merchant_id:
            problems.append(Problem(f"merchants[{m}].id", "empty_text"))
        elif merchant_id in seen:
            problems.append(
                Problem(f"merchants[{m}].id", "duplicate_id", {"id": merchant_id, "of": "merchant"})
            )
        else:
            seen.add(merchant_id)
    money = {"low": MIN_MONEY, "high": MAX_MONEY}
    bad_budget = ~((budget >= MIN_MONEY) & (budget <= MAX_MONEY))
    for m in np.flatnonzero(bad_budget)[:MAX_PROBLEMS]:
        problems.append(Problem(f"merchants[{m}].budget", "number_from", money))
    with np.errstate(invalid="ignore"):
        bad_floor = (min_roas < 0) | (min_roas > 1e6)
    # a floor that is present but not a number shows as nan, like a missing one: a floor
    # of "2" or true must not silently become no floor at all, on any merchant (only the
    # first 500 missing floors were looked at: merchant 502's "abc" planned without a floor)
    given = np.fromiter((floor is not None for floor in raw_floors), bool, len(raw_floors))
    bad_floor |= given & np.isnan(min_roas)
    for m in np.flatnonzero(bad_floor)[:MAX_PROBLEMS]:
        problems.append(
            Problem(f"merchants[{m}].min_roas", "must_be_between", {"low": 0, "high": 1e6})
        )
    return problems


def _rate_problems(
    merchants, ids, rate_merchant, rate_placement, cvr, aov, own_ctr, cpm, placement_ctr,
    unknown, raw,
) -> list[Problem]:  # fmt: skip
    def path(k: int, field: str) -> str:
        return f"merchants[{rate_merchant[k]}].rates.{ids[rate_placement[k]]}.{field}"

    problems = []
    with np.errstate(invalid="ignore"):
        checks = [
            ("cvr", ~((cvr >= 0) & (cvr <= 1)), "number_between", RATE),
            (
                "aov",
                ~((aov >= MIN_MONEY) & (aov <= MAX_MONEY)),
                "number_from",
                {"low": MIN_MONEY, "high": MAX_MONEY},
            ),
            ("ctr", (own_ctr < 0) | (own_ctr > 1), "number_between", RATE),
            (
                "ctr",
                cpm[rate_placement] & np.isnan(own_ctr) & np.isnan(placement_ctr[rate_placement]),
                "required_cpm_ctr",
                {},
            ),
        ]
    for field, bad, code, params in checks:
        for k in np.flatnonzero(bad)[:MAX_PROBLEMS]:
            problems.append(Problem(path(k, field), code, params))
    # ``unknown``: a rate with more keys than numbers read, so a key unknown or a value that
    # is present but not a number (it shows as nan, like a missing one); found for every
    # rate at once, walked only where it is true
    for k in np.flatnonzero(unknown)[:MAX_PROBLEMS]:
        rates_path = f"merchants[{rate_merchant[k]}].rates.{ids[rate_placement[k]]}"
        rate = merchants[rate_merchant[k]]["rates"][ids[rate_placement[k]]]
        for key in sorted(set(rate) - set(RATE_FIELDS)):
            problems.append(Problem(f"{rates_path}.{key}", "unknown_field"))
        if raw["ctr"][k] is not None and np.isnan(own_ctr[k]):
            problems.append(Problem(f"{rates_path}.ctr", "number_between", RATE))
    return problems


def _half_spend_problems(rate_merchant, rate_placement, ids, own_half, raw, unknown) -> list:
    problems = []
    with np.errstate(invalid="ignore"):
        bad = (own_half < MIN_HALF_SPEND) | (own_half > MAX_MONEY)
    not_number = [  # present but not a number: among the rates ``unknown`` marks (see above)
        k for k in np.flatnonzero(unknown & np.isnan(own_half)) if raw["half_spend"][k] is not None
    ][:MAX_PROBLEMS]
    for k in [*np.flatnonzero(bad)[:MAX_PROBLEMS], *not_number]:
        path = f"merchants[{rate_merchant[k]}].rates.{ids[rate_placement[k]]}.half_spend"
        problems.append(Problem(path, "number_from", {"low": MIN_HALF_SPEND, "high": MAX_MONEY}))
    return problems[:MAX_PROBLEMS]
