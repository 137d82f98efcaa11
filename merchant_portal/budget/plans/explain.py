"""The optimizer's answers said in the plan form's own words: its fields by their labels
(“ROAS floor”, “Most of the spend on display”), percentages as the form takes them, money as
money, placements by name. The optimizer speaks its request's language (min_roas, max_share)
and English; nothing of that reaches a planner or a merchant: each sentence is built here from
the answer's structured fields (conflicts, binding constraints) as a catalogue message, in the
language of the page."""

import math
import re

from ...i18n import _, _l, filled
from ...i18n.words import money as money_shown
from ..channels import channel_name

PLACEMENT_FIELD = re.compile(r"^placements\[(\d+)\]\.(\w+)$")


def money(amount: float) -> str:
    return f"{amount:,.2f}".removesuffix(".00")


def share_label(channel: str, bound: str) -> str:
    """The per-channel field's label on the plan form."""
    channel = channel_name(channel)
    if bound == "max_share":
        return _("Most of the spend on %(channel)s", channel=channel)
    return _("Least of the spend on %(channel)s", channel=channel)


def _placement_name(request: dict, index: int, placements: dict) -> str:
    items = request.get("placements") or []
    code = items[index]["id"] if index < len(items) else "?"
    return placements[code].label if code in placements else code


def conflict_in_words(conflict: dict, request: dict, placements: dict) -> str:
    """One conflict of an infeasible plan as the change to make on the form, with the reason.
    ``placements``: {code: Placement}."""
    field, suggested = conflict.get("field"), conflict.get("suggested_value")
    budget = float(request.get("budget") or 0)
    if field == "budget" and suggested is not None:
        if suggested < budget:  # the whole budget cannot be spent
            return _(
                "“Spend the whole budget” is ticked, but the placements can take at most "
                "%(most)s: lower “Budget” to %(most)s, or untick “Spend the whole budget”.",
                most=money(suggested),
            )
        floor = sum(float(p.get("min_spend") or 0) for p in request.get("placements") or [])
        if floor > budget:
            return _(
                "The minimum spends add up to %(floor)s, more than the budget of %(budget)s: "
                "raise “Budget” to %(floor)s, or lower some “Minimum spend”.",
                floor=money(floor),
                budget=money(budget),
            )
        return _(
            "The limits you set need %(need)s of spend: raise “Budget” to %(need)s.",
            need=money(suggested),
        )
    match = PLACEMENT_FIELD.match(field or "")
    if match and suggested is not None:
        name = _placement_name(request, int(match.group(1)), placements)
        if match.group(2) == "max_spend":
            return _(
                "%(placement)s: the other limits and its inventory leave room for no more than "
                "%(most)s: lower its “Maximum spend” to %(most)s.",
                placement=name,
                most=money(suggested),
            )
        return _(
            "%(placement)s: the other limits and its inventory leave room for no more than "
            "%(most)s: lower its “Minimum spend” to %(most)s.",
            placement=name,
            most=money(suggested),
        )
    if field and field.startswith("groups.") and suggested is not None:
        _groups, channel, bound = field.split(".", 2)
        groups = request.get("groups") or {}
        wanted = (groups.get(channel) or {}).get(bound)
        # round the way that keeps the plan possible: a maximum up, a minimum down
        percent = (
            math.ceil(suggested * 100) if bound == "max_share" else math.floor(suggested * 100)
        )
        label = share_label(channel, bound)
        if wanted is None:
            return _("Raise “%(label)s” to %(percent)d%%.", label=label, percent=percent)
        if suggested > wanted:
            return _(
                "With your other limits the %(channel)s channel cannot be held to %(wanted).0f%% "
                "of the spend: raise “%(label)s” to %(percent)d%%.",
                channel=channel_name(channel),
                wanted=wanted * 100,
                label=label,
                percent=percent,
            )
        return _(
            "With your other limits the %(channel)s channel cannot be held to %(wanted).0f%% "
            "of the spend: lower “%(label)s” to %(percent)d%%.",
            channel=channel_name(channel),
            wanted=wanted * 100,
            label=label,
            percent=percent,
        )
    if field == "min_roas" and suggested is not None:
        best = math.floor(suggested * 100) / 100
        return _(
            "No plan reaches a ROAS of %(floor).2f; the best is %(best).2f: lower the “ROAS "
            "floor” to %(best).2f or less.",
            floor=float(request.get("min_roas") or 0),
            best=best,
        )
    if field and field.startswith("target.") and suggested is not None:
        return _(
            "The budget cannot reach the target: at most %(most)s can be reached; lower the "
            "target to %(most)s or raise “Budget”.",
            most=money(suggested),
        )
    message = conflict.get("message") or ""
    if message.startswith("The constraints can only just be met"):
        return _(
            "The limits can only just be met: the plan misses by a hair. Loosen any floor (the "
            "ROAS floor, minimum spends) slightly."
        )
    if message.startswith("The plan's constraints could not be analysed"):
        return _("These limits cannot all be met, and the optimizer could not say which.")
    return _("These limits cannot all be met.")


REPLACEMENTS = (
    (re.compile(r"\bmin_roas\b"), "ROAS floor"),
    (re.compile(r"\bspend_all\b"), "“Spend the whole budget”"),
    (re.compile(r"\bmin_spend\b"), "minimum spend"),
    (re.compile(r"\bmax_spend\b"), "maximum spend"),
    (re.compile(r"\bmax_share\b"), "the most of the spend"),
    (re.compile(r"\bmin_share\b"), "the least of the spend"),
)


def in_form_words(text: str) -> str:
    """An English message from the optimizer with its request's field names said as the form
    says them: the last resort for a note no sentence below recognises."""
    for pattern, words in REPLACEMENTS:
        text = pattern.sub(words, text)
    return text


NUMBER = r"(-?[\d,]+(?:\.\d+)?)"
# The optimizer's notes (optimizer/figures.py plan_notes) and the portal's own stored notes
# (a platform share's, written in English when the run is stored), each said in the catalogue.
NOTES = (
    (
        re.compile(
            rf"^No placement reaches the ROAS floor of {NUMBER} \(the best return is {NUMBER} on "
            r"the first unit of spend\), so the plan spends nothing\.$"
        ),
        lambda floor, best: _(
            "No placement reaches the ROAS floor of %(floor)s (the best return is %(best)s on "
            "the first unit of spend), so the plan spends nothing.",
            floor=floor,
            best=best,
        ),
    ),
    (
        re.compile(r"^No placement returns more than it costs at this margin, so the plan spends"),
        lambda: _(
            "No placement returns more than it costs at this margin, so the plan spends nothing."
        ),
    ),
    (
        re.compile(r"^Some placements would pay on their own, but the group shares"),
        lambda: _(
            "Some placements would pay on their own, but the channel shares or minimum spends "
            "force spend on placements that lose more than they earn, so the plan spends nothing."
        ),
    ),
    (
        re.compile(r"^A platform recommendation: this store's share of the shared inventory"),
        lambda: _(
            "A platform recommendation: this store's share of the shared inventory, planned "
            "together with every other merchant's budget."
        ),
    ),
    (
        re.compile(
            rf"^Nothing is recommended for this store: its ROAS floor of {NUMBER} is above what "
            rf"any placement returns, at best {NUMBER} on the first unit spent\.$"
        ),
        lambda floor, best: _(
            "Nothing is recommended for this store: its ROAS floor of %(floor)s is above what "
            "any placement returns, at best %(best)s on the first unit spent.",
            floor=floor,
            best=best,
        ),
    ),
    (
        re.compile(
            r"^Nothing is recommended for this store: the inventory that would pay for it "
            r"\((.+)\) is sold out to spend that returns at least as much per unit\.$"
        ),
        lambda sold: _(
            "Nothing is recommended for this store: the inventory that would pay for it "
            "(%(placements)s) is sold out to spend that returns at least as much per unit.",
            placements=sold,
        ),
    ),
    (
        re.compile(r"^Nothing is recommended for this store: at the clearing prices no placement"),
        lambda: _(
            "Nothing is recommended for this store: at the clearing prices no placement returns "
            "more than it costs."
        ),
    ),
)


def note_in_words(note: str) -> str:
    """One note of a plan's answer in the page's language."""
    for pattern, words in NOTES:
        found = pattern.match(note)
        if found:
            return words(*found.groups())
    return in_form_words(note)


def notes_in_words(result: dict) -> list[str]:
    return [note_in_words(note) for note in result.get("notes") or []]


def nothing_spent_reason(result: dict, request: dict) -> str:
    """Why an optimal plan spends nothing, in the form's words."""
    notes = notes_in_words(result)
    if notes:
        return " ".join(notes)
    if request.get("min_roas") is not None:
        return _("No placement reaches the ROAS floor: lower the “ROAS floor”.")
    return _("No placement pays for itself with these settings.")


def nothing_spent_field(result: dict, request: dict) -> str | None:
    """The form field that makes a plan spend nothing, to mark it: the ROAS floor when it is
    above every placement's first return (the optimizer's floor note), or when the floor is
    set and no other reason is given."""
    if request.get("min_roas") is None:
        return None
    notes = result.get("notes") or []
    floor_note = NOTES[0][0]
    if not notes or any(floor_note.match(note) for note in notes):
        return "min_roas"
    return None


BOUND_WORDS = {
    "max_spend": _l("%(placement)s is at the maximum spend you set."),
    "min_spend": _l("%(placement)s is held at the minimum spend you set."),
    "capacity": _l("%(placement)s has no more inventory to sell."),
    "curve_end": _l("%(placement)s is at the end of its measured response curve."),
}


def binding_in_words(result: dict, request: dict, placements: dict) -> list[str]:
    def name(code: str) -> str:
        return placements[code].label if code in placements else code

    price = result.get("shadow_prices", {}).get("budget", 0)
    words = []
    for constraint in result.get("binding", []):
        if constraint == "budget":
            # the budget's shadow price is in the objective's units: money or conversions
            if request.get("objective", "revenue") in ("revenue", "profit"):
                words.append(
                    _(
                        "The whole budget is used: each further %(one)s of budget would bring "
                        "about %(more)s more %(objective)s.",
                        one=money_shown(1),
                        more=money_shown(price),
                        objective=_("revenue")
                        if request.get("objective", "revenue") == "revenue"
                        else _("profit"),
                    )
                )
            else:
                words.append(
                    _(
                        "The whole budget is used: each further %(one)s of budget would bring "
                        "about %(more).2f more conversions.",
                        one=money_shown(1),
                        more=price,
                    )
                )
        elif constraint == "min_roas":
            floor = request.get("min_roas", 0)
            words.append(
                _(
                    "The ROAS floor of %(floor)s holds exactly: more spend would break it.",
                    floor=f"{floor:g}",
                )
            )
        elif constraint.startswith("groups."):
            _groups, channel, bound = constraint.split(".")
            words.append(
                _(
                    "The %(channel)s channel is at “%(label)s”, as you set it.",
                    channel=channel_name(channel),
                    label=share_label(channel, bound),
                )
            )
        else:
            code, _dot, what = constraint.rpartition(".")
            if what in BOUND_WORDS:
                words.append(filled(str(BOUND_WORDS[what]), {"placement": name(code)}))
            else:
                words.append(in_form_words(constraint))
    return words
