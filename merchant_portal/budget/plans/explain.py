"""The optimizer's answers said in the plan form's own words: its fields by their labels
(“ROAS floor”, “Most of the spend on display”), percentages as the form takes them, money as
money, placements by name. The optimizer speaks its request's language (min_roas, max_share);
nothing of that vocabulary reaches a planner or a merchant."""

import math
import re

FORM_LABELS = {
    "budget": "Budget",
    "min_roas": "ROAS floor",
    "spend_all": "Spend the whole budget",
    "margin": "Margin on revenue",
    "min_spend": "Minimum spend",
    "max_spend": "Maximum spend",
}
PLACEMENT_FIELD = re.compile(r"^placements\[(\d+)\]\.(\w+)$")


def money(amount: float) -> str:
    return f"{amount:,.2f}".removesuffix(".00")


def share_label(channel: str, bound: str) -> str:
    side = "Most" if bound == "max_share" else "Least"
    return f"{side} of the spend on {channel}"


def _placement_name(request: dict, index: int, placements: dict) -> str:
    items = request.get("placements") or []
    code = items[index]["id"] if index < len(items) else "?"
    return placements[code].name if code in placements else code


def conflict_in_words(conflict: dict, request: dict, placements: dict) -> str:
    """One conflict of an infeasible plan as the change to make on the form, with the reason.
    ``placements``: {code: Placement}."""
    field, suggested = conflict.get("field"), conflict.get("suggested_value")
    budget = float(request.get("budget") or 0)
    if field == "budget" and suggested is not None:
        if suggested < budget:  # the whole budget cannot be spent
            return (
                f"“{FORM_LABELS['spend_all']}” is ticked, but the placements can take at most "
                f"{money(suggested)}: lower “Budget” to {money(suggested)}, or untick "
                f"“{FORM_LABELS['spend_all']}”."
            )
        floor = sum(float(p.get("min_spend") or 0) for p in request.get("placements") or [])
        if floor > budget:
            return (
                f"The minimum spends add up to {money(floor)}, more than the budget of "
                f"{money(budget)}: raise “Budget” to {money(floor)}, or lower some "
                f"“{FORM_LABELS['min_spend']}”."
            )
        return (
            f"The limits you set need {money(suggested)} of spend: raise “Budget” to "
            f"{money(suggested)}."
        )
    match = PLACEMENT_FIELD.match(field or "")
    if match and suggested is not None:
        name = _placement_name(request, int(match.group(1)), placements)
        label = FORM_LABELS.get(match.group(2), match.group(2))
        return (
            f"{name}: the other limits and its inventory leave room for no more than "
            f"{money(suggested)}: lower its “{label}” to {money(suggested)}."
        )
    if field and field.startswith("groups.") and suggested is not None:
        _, channel, bound = field.split(".", 2)
        groups = request.get("groups") or {}
        wanted = (groups.get(channel) or {}).get(bound)
        # round the way that keeps the plan possible: a maximum up, a minimum down
        percent = (
            math.ceil(suggested * 100) if bound == "max_share" else math.floor(suggested * 100)
        )
        verb = "raise" if wanted is None or suggested > wanted else "lower"
        return (
            f"With your other limits the {channel} channel cannot be held to "
            f"{wanted:.0%} of the spend: {verb} “{share_label(channel, bound)}” to {percent}%."
            if wanted is not None
            else f"{verb.capitalize()} “{share_label(channel, bound)}” to {percent}%."
        )
    if field == "min_roas" and suggested is not None:
        best = math.floor(suggested * 100) / 100
        return (
            f"No plan reaches a ROAS of {float(request.get('min_roas') or 0):.2f}; the best "
            f"is {best:.2f}: lower the “ROAS floor” to {best:.2f} or less."
        )
    return in_form_words(conflict.get("message") or "These limits cannot all be met.")


REPLACEMENTS = (
    (re.compile(r"\bmin_roas\b"), "ROAS floor"),
    (re.compile(r"\bspend_all\b"), "“Spend the whole budget”"),
    (re.compile(r"\bmin_spend\b"), "minimum spend"),
    (re.compile(r"\bmax_spend\b"), "maximum spend"),
    (re.compile(r"\bmax_share\b"), "the most of the spend"),
    (re.compile(r"\bmin_share\b"), "the least of the spend"),
)


def in_form_words(text: str) -> str:
    """A message from the optimizer with its request's field names said as the form says
    them: the fallback for anything not phrased above (notes, new kinds of conflict)."""
    for pattern, words in REPLACEMENTS:
        text = pattern.sub(words, text)
    return text


def nothing_spent_reason(result: dict, request: dict) -> str:
    """Why an optimal plan spends nothing, in the form's words."""
    notes = [in_form_words(note) for note in result.get("notes") or []]
    if notes:
        return " ".join(notes)
    if request.get("min_roas") is not None:
        return "No placement reaches the ROAS floor: lower the “ROAS floor”."
    return "No placement pays for itself with these settings."


def binding_in_words(result: dict, request: dict, placements: dict) -> list[str]:
    def name(code: str) -> str:
        return placements[code].name if code in placements else code

    price = result.get("shadow_prices", {}).get("budget", 0)
    words = []
    for constraint in result.get("binding", []):
        if constraint == "budget":
            words.append(
                f"The whole budget is used: one more unit of budget would bring {price:.2f} more."
            )
        elif constraint == "min_roas":
            floor = request.get("min_roas", 0)
            words.append(f"The ROAS floor of {floor:g} holds exactly: more spend would break it.")
        elif constraint.startswith("groups."):
            _, channel, bound = constraint.split(".")
            label = share_label(channel, bound)
            words.append(f"The {channel} channel is at “{label}”, as you set it.")
        else:
            code, _, what = constraint.rpartition(".")
            words.append(
                {
                    "max_spend": f"{name(code)} is at the maximum spend you set.",
                    "min_spend": f"{name(code)} is held at the minimum spend you set.",
                    "capacity": f"{name(code)} has no more inventory to sell.",
                    "curve_end": f"{name(code)} is at the end of its measured response curve.",
                }.get(what, in_form_words(constraint))
            )
    return words
