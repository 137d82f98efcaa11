"""A platform run said the way a planner, or a merchant, would say it: what binds (sold-out
placements and their clearing prices, budgets spent, ROAS floors holding), how close the plan
is to the best possible, what was left out and why a merchant spends nothing.

Words are made from the run's stored summary, so a run reads the same on every visit, in the
language of the page. What is stored in words (a share's notes, why a placement was left out)
is stored in English and said in the page's language when shown (``note_in_words``,
``left_out_in_words``)."""

import math
import re

from ...i18n import _, _l, filled, money, ngettext
from ..models import BudgetPlan
from .covered import EXCLUDED_BECAUSE, MIN_MONTHLY, TOO_SMALL_BECAUSE
from .facts import MerchantFacts
from .request import LEFT_OUT_BECAUSE

ALL_TAKEN = 0.999  # inventory sold to the last 0.1% is all taken, read by a person
UNITS = {"cpc": ("click", "clicks", 1.0), "cpm": ("1,000 impressions", "impressions", 1000.0)}


def _name(code: str, names: dict[str, str]) -> str:
    return names.get(code, code)


def listed(names: list[str]) -> str:
    """Names in a sentence: “A, B, C” in English, “A、B、C” in Chinese."""
    return _(", ").join(names)


def return_words(objective: str, per_spend: float) -> str:
    if objective == "revenue":
        return _("a marginal ROAS of at least %(value)s", value=f"{per_spend:,.2f}")
    return _("at least %(value)s more conversions per 1.00 spent", value=f"{per_spend:,.4g}")


def _taken_words(placement: dict, names: dict[str, str]) -> str:
    capacity, sold = placement.get("capacity"), placement["sold"]
    name = _name(placement["code"], names)
    impressions = placement["pricing"] == "cpm"
    if not capacity:
        return _("%(placement)s is sold out.", placement=name)
    figures = {"placement": name, "capacity": f"{capacity:,.0f}", "sold": f"{sold:,.0f}"}
    if sold >= capacity * ALL_TAKEN:
        if impressions:
            return _(
                "%(placement)s is sold out: all %(capacity)s impressions are taken.", **figures
            )
        return _("%(placement)s is sold out: all %(capacity)s clicks are taken.", **figures)
    # priced, but the last few units are left: say so, not "all"
    if impressions:
        return _(
            "%(placement)s is scarce: %(sold)s of %(capacity)s impressions are taken.", **figures
        )
    return _("%(placement)s is scarce: %(sold)s of %(capacity)s clicks are taken.", **figures)


def price_words(price: float, objective: str) -> str:
    """A clearing price: money when the plan maximises revenue, else conversions."""
    return money(price, precise=True) if objective == "revenue" else f"{price:,.4g}"


def _clears_words(price: float, objective: str, pricing: str, needed: str) -> str:
    said = {"price": price_words(price, objective), "needed": needed}
    if objective == "revenue":
        if pricing == "cpm":
            return _(
                "It clears at %(price)s of revenue per 1,000 impressions: only spend with "
                "%(needed)s there gets any of it.",
                **said,
            )
        return _(
            "It clears at %(price)s of revenue per click: only spend with %(needed)s there gets "
            "any of it.",
            **said,
        )
    if pricing == "cpm":
        return _(
            "It clears at %(price)s conversions per 1,000 impressions: only spend with "
            "%(needed)s there gets any of it.",
            **said,
        )
    return _(
        "It clears at %(price)s conversions per click: only spend with %(needed)s there gets "
        "any of it.",
        **said,
    )


def sold_out_words(placement: dict, objective: str, names: dict[str, str]) -> str:
    _unit, _units, scale = UNITS.get(placement["pricing"], ("unit", "units", 1.0))
    price = placement["clearing_price"] * scale
    if placement.get("capacity") == 0:  # no price buys what is not there
        return _(
            "%(placement)s has no inventory this period (0 in the catalogue): no merchant can "
            "buy it.",
            placement=_name(placement["code"], names),
        )
    said = _taken_words(placement, names)
    if price <= 0:
        return _(
            "%(taken)s Its clearing price is zero: no merchant would pay more for another unit.",
            taken=said,
        )
    needed = return_words(objective, placement["per_spend"])
    return _(
        "%(taken)s %(clears)s",
        taken=said,
        clears=_clears_words(price, objective, placement["pricing"], needed),
    )


OBJECTIVE_WORDS = {"revenue": _l("revenue"), "conversions": _l("conversions")}


# A gap that shows as 0.000% is no gap to a reader: the plan is the best possible.
PROVEN_BEST = 5e-6


def gap_words(summary: dict, objective: str) -> str:
    """How close the plan is to the best possible, as the optimizer proved it: the gap said
    once, rounded up (it read "within 0.1% ..., a gap of 0.000%")."""
    gap, bound = summary.get("gap"), summary.get("bound")
    if gap is None or bound is None:
        return _(
            "The optimizer reported no bound for this run, so how close it is to the best "
            "possible plan is not proven."
        )
    figure = money if objective == "revenue" else (lambda value: f"{value:,.2f}")
    said = {
        "objective": OBJECTIVE_WORDS.get(objective, objective),
        "value": figure(summary["objective_value"]),
        "bound": figure(bound),
    }
    if max(gap, 0.0) < PROVEN_BEST:
        return _(
            "Proven the best possible: the plan's expected %(objective)s is %(value)s, and no "
            "plan can exceed %(bound)s (a bound proven from the placements' prices).",
            **said,
        )
    within = math.ceil(gap * 100_000 - 1e-9) / 1000  # in percent, rounded up to 0.001
    return _(
        "Within %(within)s%% of the best possible: the plan's expected %(objective)s is "
        "%(value)s, and no plan can exceed %(bound)s (a bound proven from the placements' "
        "prices).",
        within=f"{within:g}",
        **said,
    )


# How the optimizer says it solved the run (its answer's engine and method), in words
SOLVED_BY_WORDS = {
    "local": _l("on the portal's own job worker"),
    "ray": _l("on a Ray cluster"),
    "exact": _l("one exact linear programme"),
    "decomposed": _l("decomposition by merchant, coordinated by the placements' prices"),
}


def solved_by_words(said: str | None) -> str | None:
    """The optimizer's "local, decomposed" as a reader says it: method first, then where."""
    if not said:
        return None
    parts = said.split(", ")
    if len(parts) != 2 or not all(part in SOLVED_BY_WORDS for part in parts):
        return said
    engine, method = (str(SOLVED_BY_WORDS[part]) for part in parts)
    return _("%(method)s, %(engine)s", method=method, engine=engine)


# LEFT_OUT_BECAUSE's English (stored in a run's summary) in the page's language
LEFT_OUT_WORDS = {
    LEFT_OUT_BECAUSE["slot"]: _l(
        "sold in whole slots, and the platform plan shares inventory that is bought by the "
        "click or the impression; plan it in each store's own plan"
    ),
    LEFT_OUT_BECAUSE["curve"]: _l(
        "a measured response curve describes one advertiser's campaign, not inventory that "
        "merchants share; plan it in each store's own plan"
    ),
}
LEFT_OUT_WORDS[EXCLUDED_BECAUSE] = _l("excluded by the planner before this run")
LEFT_OUT_WORDS[TOO_SMALL_BECAUSE] = _l(
    "its monthly ad budget is less than ¥0.01 a week; set at least ¥%(min)s a month",
    min=MIN_MONTHLY,
)
OTHER_PRICING = re.compile(r"^(\w+) placements are not in the contract$")


def left_out_in_words(why: str) -> str:
    if why in LEFT_OUT_WORDS:
        return str(LEFT_OUT_WORDS[why])
    other = OTHER_PRICING.match(why)
    if other:
        return _("%(pricing)s placements are not in the platform plan", pricing=other.group(1))
    return why


def nothing_in_words(mine: MerchantFacts, names: dict[str, str]) -> str:
    """Why a merchant's share spends nothing, stored in English among the share's notes
    (a run is stored by the job worker, not for one reader): the plan page says it in the
    reader's language (``plans.explain.note_in_words``)."""
    if mine.nothing_because == "floor":
        return (
            f"Nothing is recommended for this store: its ROAS floor of {mine.min_roas:g} is above "
            f"what any placement returns, at best {mine.best_roas:,.2f} on the first unit spent."
        )
    if mine.nothing_because == "outbid":
        sold = ", ".join(_name(code, names) for code in mine.outbid_on)
        return (
            f"Nothing is recommended for this store: the inventory that would pay for it "
            f"({sold}) is sold out to spend that returns at least as much per unit."
        )
    return (
        "Nothing is recommended for this store: at the clearing prices no placement returns "
        "more than it costs."
    )


def run_in_words(summary: dict | None, objective: str, names: dict[str, str]) -> list[str]:
    """What binds across the run: never "nothing binds" while budgets are spent."""
    if not summary or "placements" not in summary:  # a run stored before the words existed
        return []
    words = [sold_out_words(p, objective, names) for p in summary["placements"] if p["sold_out"]]
    merchants = summary["merchants"]
    if summary["budgets_spent"]:
        spent = summary["budgets_spent"]
        words.append(
            ngettext(
                "%(count)s merchant of %(total)s spends its whole budget.",
                "%(count)s merchants of %(total)s spend their whole budget.",
                spent,
                count=f"{spent:,}",
                total=f"{merchants:,}",
            )
        )
    if summary["floors_holding"]:
        held = summary["floors_holding"]
        words.append(
            ngettext(
                "%(count)s merchant of the %(floors)s with a ROAS floor is held at it: more spend "
                "would take the return below it.",
                "%(count)s merchants of the %(floors)s with a ROAS floor are held at it: more "
                "spend would take the return below it.",
                held,
                count=f"{held:,}",
                floors=f"{summary['with_floor']:,}",
            )
        )
    nothing = summary["nothing"]
    if nothing:
        why = {
            "outbid": _l(
                "%(count)s outbid on sold-out inventory by spend that returns at least as much"
            ),
            "floor": _l("%(count)s with a ROAS floor above what any placement returns"),
            "unpaid": _l("%(count)s with no placement that returns more than it costs"),
        }
        parts = [
            filled(str(why[reason]), {"count": f"{n:,}"}) for reason, n in sorted(nothing.items())
        ]
        total = sum(nothing.values())
        words.append(
            ngettext(
                "%(count)s merchant is recommended to spend nothing and was not notified: %(why)s.",
                "%(count)s merchants are recommended to spend nothing and were not notified: "
                "%(why)s.",
                total,
                count=f"{total:,}",
                why=_("; ").join(parts),
            )
        )
    if not words:
        words.append(
            _(
                "No placement sells out and no budget is spent to the end: every merchant stops "
                "where spending more stops paying."
            )
        )
    return words


def share_in_words(plan: BudgetPlan, summary: dict | None, names: dict[str, str]) -> list[str]:
    """What limits one merchant's share (``plan``: its stored recommendation)."""
    placements = {p["code"]: p for p in (summary or {}).get("placements", [])}
    words = []
    for constraint in plan.result.get("binding", []):
        if constraint == "budget":
            words.append(
                _("The whole budget of %(budget)s is spent.", budget=money(float(plan.budget)))
            )
        elif constraint == "min_roas":
            words.append(
                _(
                    "The ROAS floor of %(floor)s holds exactly: more spend would take the return "
                    "below it.",
                    floor=f"{plan.request.get('min_roas'):g}",
                )
            )
        elif constraint.endswith(".capacity"):
            code = constraint.rpartition(".")[0]
            if code in placements:
                words.append(sold_out_words(placements[code], plan.objective, names))
            else:
                words.append(
                    _(
                        "%(placement)s is sold out across the platform.",
                        placement=_name(code, names),
                    )
                )
    return words


def explain_run(summary: dict | None, objective: str, names: dict[str, str]) -> dict | None:
    """Everything the run's page says in words, or None before the run has an answer."""
    if not summary or "placements" not in summary:
        return None
    return {
        "quality": gap_words(summary, objective),
        "solved_by": solved_by_words(summary.get("solved_by")),
        "binding": run_in_words(summary, objective, names),
        # per click, or per 1,000 impressions, as the table's units say
        "prices": {
            p["code"]: price_words(
                p["clearing_price"] * UNITS.get(p["pricing"], ("", "", 1.0))[2], objective
            )
            for p in summary["placements"]
        },
        "left_out": {
            code: left_out_in_words(why) for code, why in summary.get("left_out", {}).items()
        },
    }
