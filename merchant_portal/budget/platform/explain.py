"""A platform run said the way a planner, or a merchant, would say it: what binds (sold-out
placements and their clearing prices, budgets spent, ROAS floors holding), how close the plan
is to the best possible, what was left out and why a merchant spends nothing.

Words are made from the run's stored summary, so a run reads the same on every visit."""

import math

from ..models import BudgetPlan
from .facts import MerchantFacts

ALL_TAKEN = 0.999  # inventory sold to the last 0.1% is all taken, read by a person
UNITS = {"cpc": ("click", "clicks", 1.0), "cpm": ("1,000 impressions", "impressions", 1000.0)}


def _name(code: str, names: dict[str, str]) -> str:
    return names.get(code, code)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def return_words(objective: str, per_spend: float) -> str:
    if objective == "revenue":
        return f"a marginal ROAS of at least {per_spend:,.2f}"
    return f"at least {per_spend:,.4g} more conversions per 1.00 spent"


def sold_out_words(placement: dict, objective: str, names: dict[str, str]) -> str:
    unit, units, scale = UNITS.get(placement["pricing"], ("unit", "units", 1.0))
    price = placement["clearing_price"] * scale
    capacity, sold, name = placement.get("capacity"), placement["sold"], placement["code"]
    if not capacity:
        said = f"{_name(name, names)} is sold out. "
    elif sold >= capacity * ALL_TAKEN:
        said = f"{_name(name, names)} is sold out: all {capacity:,.0f} {units} are taken. "
    else:  # priced, but the last few units are left: say so, not "all"
        said = f"{_name(name, names)} is scarce: {sold:,.0f} of {capacity:,.0f} {units} are taken. "
    if price <= 0:
        return said + "Its clearing price is zero: no merchant would pay more for another unit."
    value = f"{price:,.4g} {'of revenue' if objective == 'revenue' else 'conversions'}"
    return (
        f"{said}It clears at {value} per {unit}: only spend with "
        f"{return_words(objective, placement['per_spend'])} there gets any of it."
    )


def gap_words(summary: dict, objective: str) -> str:
    """How close the plan is to the best possible, as the optimizer proved it."""
    gap, bound = summary.get("gap"), summary.get("bound")
    if gap is None or bound is None:
        return (
            "The optimizer reported no bound for this run, so how close it is to the best "
            "possible plan is not proven."
        )
    within = max(math.ceil(max(gap, 0.0) * 1000 - 1e-9), 1) / 10
    return (
        f"Within {within:g}% of the best possible: the plan's expected {objective} is "
        f"{summary['objective_value']:,.2f}, and no plan can exceed {bound:,.2f} (a bound "
        f"proven from the placements' prices), a gap of {max(gap, 0.0):.3%}."
    )


def nothing_in_words(mine: MerchantFacts, names: dict[str, str]) -> str:
    """Why a merchant's share spends nothing."""
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
        words.append(
            f"{_count(summary['budgets_spent'], 'merchant')} of {merchants:,} "
            f"{'spends its' if summary['budgets_spent'] == 1 else 'spend their'} whole budget."
        )
    if summary["floors_holding"]:
        held = summary["floors_holding"]
        words.append(
            f"{_count(held, 'merchant')} of the {summary['with_floor']:,} with a ROAS floor "
            f"{'is' if held == 1 else 'are'} held at it: more spend would take the return below it."
        )
    nothing = summary["nothing"]
    if nothing:
        why = {
            "outbid": "outbid on sold-out inventory by spend that returns at least as much",
            "floor": "with a ROAS floor above what any placement returns",
            "unpaid": "with no placement that returns more than it costs",
        }
        parts = [f"{n:,} {why[reason]}" for reason, n in sorted(nothing.items())]
        total = sum(nothing.values())
        words.append(
            f"{_count(total, 'merchant')} {'is' if total == 1 else 'are'} recommended to spend "
            f"nothing and {'was' if total == 1 else 'were'} not notified: {'; '.join(parts)}."
        )
    if not words:
        words.append(
            "No placement sells out and no budget is spent to the end: every merchant stops "
            "where spending more stops paying."
        )
    return words


def share_in_words(plan: BudgetPlan, summary: dict | None, names: dict[str, str]) -> list[str]:
    """What limits one merchant's share (``plan``: its stored recommendation)."""
    placements = {p["code"]: p for p in (summary or {}).get("placements", [])}
    words = []
    for constraint in plan.result.get("binding", []):
        if constraint == "budget":
            words.append(f"The whole budget of {float(plan.budget):,.2f} is spent.")
        elif constraint == "min_roas":
            words.append(
                f"The ROAS floor of {plan.request.get('min_roas'):g} holds exactly: more spend "
                "would take the return below it."
            )
        elif constraint.endswith(".capacity"):
            code = constraint.rpartition(".")[0]
            if code in placements:
                words.append(sold_out_words(placements[code], plan.objective, names))
            else:
                words.append(f"{_name(code, names)} is sold out across the platform.")
    return words


def explain_run(summary: dict | None, objective: str, names: dict[str, str]) -> dict | None:
    """Everything the run's page says in words, or None before the run has an answer."""
    if not summary or "placements" not in summary:
        return None
    return {
        "quality": gap_words(summary, objective),
        "solved_by": summary.get("solved_by"),
        "binding": run_in_words(summary, objective, names),
    }
