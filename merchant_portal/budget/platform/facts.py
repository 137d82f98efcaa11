"""What a finished run means, computed from its request and the optimizer's answer: which
placements sold out and at what price, whose budget is all spent, whose ROAS floor holds, and
why a merchant spends nothing. ``store`` keeps these facts; ``explain`` words them."""

from dataclasses import dataclass, field

from .answer import PlatformAnswer
from .request import RunStores, half_spend

# The contract keeps every constraint to 1e-6 relative; a limit counts as reached a little
# before that, so a budget spent to the cent is "all spent" whatever the solver's last digits.
REACHED = 1e-5
# A merchant's own limits as a person reads them: a budget spent to 99.9% is spent, a return
# within 0.1% of its floor is held at it. The plan is proven only to its gap (0.1% by default),
# and the decomposition leaves that much: 9,999.13 of a 10,000 budget, a ROAS of 2.5003 on a
# floor of 2.5 were said to be neither, and the page gave no reason why the merchant stopped.
HELD = 1e-3


@dataclass
class PlacementFacts:
    code: str
    pricing: str
    price: float  # the list price: per click, or per 1,000 impressions
    capacity: float | None
    sold: float  # units: clicks (cpc) or impressions (cpm)
    clearing_price: float  # objective per unit of inventory
    per_spend: float  # the clearing price per unit of money spent on it

    @property
    def sold_out(self) -> bool:
        return self.clearing_price > 1e-9 or (
            self.capacity is not None and self.sold >= self.capacity * (1 - REACHED)
        )


@dataclass
class MerchantFacts:
    spend: float
    budget: float
    min_roas: float | None
    whole_budget: bool
    at_floor: bool
    nothing_because: str | None = None  # "floor", "outbid" or "unpaid" when it spends nothing
    best_roas: float = 0.0  # the best return per unit spent any placement offers it at first
    outbid_on: list[str] = field(default_factory=list)


@dataclass
class RunFacts:
    placements: dict[str, PlacementFacts]
    merchants: dict[str, MerchantFacts]
    marginal_roas: dict[tuple[str, str], float]  # (merchant, placement) -> d revenue / d spend


def _units_per_spend(placement: dict) -> float:
    return (1000.0 if placement["pricing"] == "cpm" else 1.0) / placement["price"]


def _placement_facts(stores: RunStores, answer: PlatformAnswer) -> dict[str, PlacementFacts]:
    sold: dict[str, float] = {}
    for row in answer.allocations:
        sold[row.placement] = sold.get(row.placement, 0.0) + row.units
    return {
        p["id"]: PlacementFacts(
            code=p["id"],
            pricing=p["pricing"],
            price=p["price"],
            capacity=p.get("capacity"),
            sold=sold.get(p["id"], 0.0),
            clearing_price=max(answer.placement_prices.get(p["id"], 0.0), 0.0),
            per_spend=max(answer.placement_prices.get(p["id"], 0.0), 0.0) * _units_per_spend(p),
        )
        for p in stores.request["placements"]
    }


def _first_returns(merchant: dict, placements: dict[str, dict], objective: str) -> dict:
    """Per placement: (revenue, objective value) one unit of money brings at zero spend, where
    saturation has not yet set in."""
    returns = {}
    for code, rate in merchant["rates"].items():
        p = placements[code]
        clicks = _units_per_spend(p)
        if p["pricing"] == "cpm":
            clicks *= rate.get("ctr", p.get("ctr") or 0.0)
        conversions = clicks * rate["cvr"]
        revenue = conversions * rate["aov"]
        returns[code] = (revenue, revenue if objective == "revenue" else conversions)
    return returns


def _why_nothing(facts: MerchantFacts, returns: dict, prices: dict[str, PlacementFacts]) -> None:
    facts.best_roas = max((revenue for revenue, _ in returns.values()), default=0.0)
    floor = facts.min_roas or 0.0
    if facts.min_roas is not None and facts.best_roas < floor:
        facts.nothing_because = "floor"
        return
    usable = {code: value for code, (revenue, value) in returns.items() if revenue >= floor}
    facts.outbid_on = sorted(
        code
        for code, value in usable.items()
        if prices[code].per_spend > 0 and value <= prices[code].per_spend * (1 + REACHED)
    )
    facts.nothing_because = (
        "outbid" if facts.outbid_on and len(facts.outbid_on) == len(usable) else "unpaid"
    )


def run_facts(stores: RunStores, answer: PlatformAnswer) -> RunFacts:
    request = stores.request
    placements = {p["id"]: p for p in request["placements"]}
    placement_facts = _placement_facts(stores, answer)
    marginal = {}
    rates = {m["id"]: m["rates"] for m in request["merchants"]}
    for row in answer.allocations:
        if row.spend <= 0:
            continue
        h = half_spend(rates[row.merchant][row.placement], placements[row.placement])
        average = row.revenue / row.spend
        # revenue(s) = R h s / (h + s), so its slope is the average return times h / (h + s)
        marginal[(row.merchant, row.placement)] = average * h / (h + row.spend) if h else average
    merchants = {}
    for merchant in request["merchants"]:
        totals = answer.merchant_totals.get(merchant["id"])
        spend = totals.spend if totals else 0.0
        revenue = totals.revenue if totals else 0.0
        floor = merchant.get("min_roas")
        facts = MerchantFacts(
            spend=spend,
            budget=merchant["budget"],
            min_roas=floor,
            whole_budget=spend >= merchant["budget"] * (1 - HELD),
            at_floor=bool(floor) and spend > 0 and revenue <= floor * spend * (1 + HELD),
        )
        if spend <= 0:
            returns = _first_returns(merchant, placements, request["objective"])
            _why_nothing(facts, returns, placement_facts)
        merchants[merchant["id"]] = facts
    return RunFacts(placement_facts, merchants, marginal)
