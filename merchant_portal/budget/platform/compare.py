"""A merchant's platform recommendation beside the store's own plan that the run took its budget
from: spend per placement side by side, and why each difference is there (shared inventory
sold out at a clearing price, a limit only the own plan had, rates learned since, a placement
the platform plan does not take)."""

from dataclasses import dataclass, field

from ...i18n import _, _l, filled, money
from ..channels import channel_name
from ..models import BudgetPlan
from .explain import OBJECTIVE_WORDS, left_out_in_words, listed, price_words, return_words

AIMS = {
    "revenue": _l("maximises revenue"),
    "conversions": _l("maximises conversions"),
    "profit": _l("maximises profit"),
    "min_spend": _l("spends as little as its target needs"),
}
SAME_SHARE = 0.02  # spends within 2% of the budget are the same plan, read by a person
RATE_FIELDS = {
    "cvr": (_l("conversion rate"), "{:.2%}".format),
    "ctr": (_l("click-through rate"), "{:.2%}".format),
    "aov": (_l("average order value"), money),
    "half_spend": (_l("half-saturation spend"), money),
}


@dataclass
class Row:
    code: str
    name: str
    own: float
    recommended: float
    reasons: list[str] = field(default_factory=list)

    @property
    def difference(self) -> float:
        return self.recommended - self.own

    @property
    def why(self) -> str:
        if not self.reasons:
            return _("About the same.")
        said = _("; ").join(self.reasons)
        return _("%(reasons)s.", reasons=said[0].upper() + said[1:])


@dataclass
class Comparison:
    own_plan: BudgetPlan
    rows: list[Row]
    general: list[str]


def _spends(plan: BudgetPlan) -> dict[str, float]:
    return {a["id"]: a["spend"] for a in plan.result.get("allocations", [])}


def _own_rate(item: dict) -> dict:
    rate = {k: item.get(k) for k in ("cvr", "ctr", "aov")}
    rate["half_spend"] = (item.get("saturation") or {}).get("half_spend")
    return rate


def _rate_changes(own: dict, used: dict) -> list[str]:
    changes = []
    for key, (label, fmt) in RATE_FIELDS.items():
        a, b = own.get(key), used.get(key)
        if a is None and b is None:
            continue
        if a is None or b is None or abs(a - b) > 0.01 * max(abs(a), abs(b)):
            said = [fmt(v) if v is not None else _("none") for v in (a, b)]
            changes.append(
                _(
                    "%(rate)s %(own)s in the own plan, %(used)s in the platform run",
                    rate=label,
                    own=said[0],
                    used=said[1],
                )
            )
    return changes


def _price_change(item: dict, used: tuple[str, float] | None) -> list[str]:
    """The catalogue's price changed between the own plan and the run (a planner re-priced
    the placement): the same spend buys more or fewer clicks."""
    if used is None or item.get("price") is None:
        return []
    pricing, price = used
    own = float(item["price"])
    if abs(own - price) <= 1e-9 * max(abs(own), abs(price)):
        return []
    figures = {"own": money(own, precise=True), "used": money(price, precise=True)}
    if pricing == "cpm":
        return [
            _(
                "the catalogue's price changed: %(own)s per 1,000 impressions in the own plan, "
                "%(used)s in the platform run",
                **figures,
            )
        ]
    return [
        _(
            "the catalogue's price changed: %(own)s per click in the own plan, %(used)s in the "
            "platform run",
            **figures,
        )
    ]


def _own_limits(item: dict, spend: float, own: BudgetPlan, tolerance: float) -> list[str]:
    limits = []
    held = {
        "min_spend": _l(
            "the store's own plan held it at the minimum spend set there (%(bound)s); the "
            "platform plan sets no per-placement bounds"
        ),
        "max_spend": _l(
            "the store's own plan held it at the maximum spend set there (%(bound)s); the "
            "platform plan sets no per-placement bounds"
        ),
    }
    for key, words in held.items():
        bound = item.get(key)
        if bound is not None and abs(spend - bound) <= tolerance:
            limits.append(filled(str(words), {"bound": money(bound)}))
    group = item.get("group")
    binding = own.result.get("binding", [])
    for side in ("max_share", "min_share"):
        if group and f"groups.{group}.{side}" in binding:
            share = own.request.get("groups", {}).get(group, {}).get(side, 0)
            figures = {"channel": channel_name(group), "share": f"{share:.0%}"}
            if side == "max_share":
                limits.append(
                    _(
                        "the store's own plan capped the %(channel)s channel at %(share)s of its "
                        "spend; the platform plan has no channel shares",
                        **figures,
                    )
                )
            else:
                limits.append(
                    _(
                        "the store's own plan held up the %(channel)s channel at %(share)s of its "
                        "spend; the platform plan has no channel shares",
                        **figures,
                    )
                )
    return limits


def _sold_out(placement: dict, objective: str) -> str:
    if placement.get("capacity") == 0:
        return _("the placement has no inventory this period (0 in the catalogue)")
    impressions = placement["pricing"] == "cpm"
    said = {
        "price": price_words(
            placement["clearing_price"] * (1000.0 if impressions else 1.0), objective
        ),
        "needed": return_words(objective, placement["per_spend"]),
    }
    if impressions:
        return _(
            "shared inventory is sold out: other merchants' spend takes it at a clearing price "
            "of %(price)s per 1,000 impressions, and only spend with %(needed)s there gets any",
            **said,
        )
    return _(
        "shared inventory is sold out: other merchants' spend takes it at a clearing price of "
        "%(price)s per click, and only spend with %(needed)s there gets any",
        **said,
    )


@dataclass
class _Run:
    """What one store's rows are explained from."""

    own: BudgetPlan
    objective: str
    own_items: dict[str, dict]
    used_rates: dict[str, dict]
    sold_out: dict[str, dict]
    left_out: dict[str, str]
    prices: dict[str, tuple[str, float]]  # code -> (pricing, list price) in the platform run
    tolerance: float
    plan_budget: float = 0.0  # the recommendation's own budget, set apart from the own plan's
    lost_to_sold_out: list[str] = field(default_factory=list)
    moved_away: list[str] = field(default_factory=list)
    gained: list[str] = field(default_factory=list)


def compare(
    plan: BudgetPlan, own: BudgetPlan, summary: dict | None, names: dict[str, str]
) -> Comparison:
    """``plan``: a platform recommendation; ``own``: the own plan whose budget the run used."""
    summary = summary or {}
    run = _Run(
        own=own,
        objective=plan.objective,
        own_items={item["id"]: item for item in own.request.get("placements", [])},
        used_rates=plan.request.get("rates", {}),
        sold_out={p["code"]: p for p in summary.get("placements", []) if p["sold_out"]},
        left_out=summary.get("left_out", {}),
        prices={
            p["code"]: (p["pricing"], p["price"])
            for p in summary.get("placements", [])
            if p.get("price") is not None  # runs stored before the price was kept have none
        },
        tolerance=SAME_SHARE * float(plan.budget),
        plan_budget=float(plan.budget),
    )
    own_spend, recommended = _spends(own), _spends(plan)
    codes = dict.fromkeys([*run.own_items, *own_spend, *run.used_rates, *recommended])
    rows = [
        Row(code, names.get(code, code), own_spend.get(code, 0.0), recommended.get(code, 0.0))
        for code in codes
    ]
    losers = [r for r in rows if r.difference < -run.tolerance]
    run.lost_to_sold_out = [r.name for r in losers if r.code in run.sold_out]
    run.moved_away = [r.name for r in losers if r.code not in run.sold_out]
    run.gained = [r.name for r in rows if r.difference > run.tolerance]
    for row in rows:
        changes, repriced = [], []
        if row.code in run.own_items and row.code in run.used_rates:
            changes = _rate_changes(_own_rate(run.own_items[row.code]), run.used_rates[row.code])
            repriced = _price_change(run.own_items[row.code], run.prices.get(row.code))
        if abs(row.difference) > run.tolerance:
            row.reasons = _why_different(row, run, changes) + repriced
        elif row.code in run.left_out:  # said even where neither plan buys it
            row.reasons = [_not_in_platform(run.left_out[row.code])]
        elif changes:  # the same spend still brings a different return
            row.reasons = [
                _(
                    "%(same)s; expected rates differ: %(changes)s",
                    same=_same_spend(row),
                    changes=_("; ").join(changes),
                ),
                *repriced,
            ]
        elif repriced:
            row.reasons = [_same_spend(row), *repriced]
    return Comparison(own, rows, _general(plan, own, rows, run.tolerance))


def _same_spend(row: Row) -> str:
    """ "the same spend" beside a difference of -¥68.72 contradicted the figure it explains."""
    if round(abs(row.difference), 2) == 0:
        return _("the same spend")
    return _("about the same spend (within %(share)s of the budget)", share=f"{SAME_SHARE:.0%}")


def _why_different(row: Row, run: _Run, changes: list[str]) -> list[str]:
    reasons = []
    if row.code in run.left_out:
        reasons.append(_not_in_platform(run.left_out[row.code]))
    elif row.code not in run.used_rates:
        reasons.append(_("not in the platform plan: no longer an active placement"))
    if row.code not in run.own_items and row.code in run.used_rates:
        reasons.append(_("not in the store's own plan: not offered when it was made"))
    if row.code in run.sold_out and row.difference < 0:
        reasons.append(_sold_out(run.sold_out[row.code], run.objective))
    if row.code in run.own_items:
        reasons += _own_limits(run.own_items[row.code], row.own, run.own, run.tolerance)
    if changes:
        reasons.append(_("expected rates differ: %(changes)s", changes=_("; ").join(changes)))
    budgets = run.plan_budget - float(run.own.budget)
    if abs(budgets) > run.tolerance and (budgets > 0) == (row.difference > 0):
        # a monthly ad budget replaces the plan's: the budget itself is the first reason
        reasons.append(
            _("the platform plan's budget is smaller than the own plan's")
            if budgets < 0
            else _("the platform plan's budget is larger than the own plan's")
        )
    if row.difference > 0 and run.lost_to_sold_out:
        reasons.append(
            _(
                "it takes the budget that sold-out %(placements)s could not",
                placements=listed(run.lost_to_sold_out),
            )
        )
    if row.difference < 0 and run.gained and row.code not in run.sold_out:
        reasons.append(_("its budget moved to %(placements)s", placements=listed(run.gained)))
    if row.difference > 0 and run.moved_away:
        reasons.append(
            _(
                "it takes the budget that moved away from %(placements)s",
                placements=listed(run.moved_away),
            )
        )
    return reasons or [
        _("no limit, sold-out inventory or change of rates explains this difference")
    ]


def _not_in_platform(why: str) -> str:
    return _("not in the platform plan: %(why)s", why=left_out_in_words(why))


def _general(plan: BudgetPlan, own: BudgetPlan, rows: list[Row], tolerance: float) -> list[str]:
    words = []
    if own.objective != plan.objective:
        aim = AIMS.get(own.objective) or _("optimises %(objective)s", objective=own.objective)
        words.append(
            _(
                "The store's own plan %(aim)s; the platform plan maximises %(objective)s.",
                aim=aim,
                objective=OBJECTIVE_WORDS.get(plan.objective, plan.objective),
            )
        )
    if own.request.get("spend_all"):
        words.append(
            _(
                "The store's own plan had to spend the whole budget; the platform plan spends "
                "only what pays."
            )
        )
    if all(abs(r.difference) <= tolerance for r in rows):
        words.append(
            _(
                "Placement by placement the spend is the store's own plan's: the shared "
                "inventory does not change it."
            )
        )
    return words
