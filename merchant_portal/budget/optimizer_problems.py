"""The optimizer's problems with a plan request, said in the portal's language from their codes.

The optimizer records each problem as data (``optimizer.errors.Problem``: path, code, figures);
nothing here reads its English. A code the table does not know yet is shown as the optimizer's
own sentence (its programmer's words), as before: no form of ours can produce those."""

from optimizer.errors import Problem
from optimizer.words import SENTENCES

from ..i18n import _l, filled


def _figure(value: float) -> str:
    return f"{value:g}"


# code -> (template, the template's values from the problem's figures)
PROBLEMS = {
    "required": (_l("Is required."), None),
    "required_for_profit": (_l("Is required when optimising profit."), None),
    "not_a_number": (_l("Must be a number."), None),
    "not_finite": (_l("Must be a finite number."), None),
    "not_positive": (_l("Must be greater than 0."), None),
    "too_small": (_l("Must be at least %(value)s."), lambda p: _figure(p["minimum"])),
    "too_large": (_l("Must be at most %(value)s."), lambda p: _figure(p["maximum"])),
    "zero_or_at_least": (_l("Must be 0 or at least %(value)s."), lambda p: _figure(p["minimum"])),
    "not_whole": (_l("Must be a whole number."), None),
    "not_boolean": (_l("Must be true or false."), None),
    "unknown_field": (_l("Is not a known field."), None),
    "one_of": (_l("Must be one of %(value)s."), lambda p: ", ".join(p["choices"])),
    "exceeds_max_share": (
        _l("Must not exceed the most of the spend (%(value)s)."),
        lambda p: _figure(p["max_share"]),
    ),
    "exceeds_max_spend": (
        _l("Must not exceed the maximum spend (%(value)s)."),
        lambda p: _figure(p["max_spend"]),
    ),
    "empty_list": (_l("Must list at least one placement."), None),
    "too_many_entries": (_l("Must have at most %(value)s entries."), lambda p: p["most"]),
    "empty_group": (_l("No placement belongs to this channel."), None),
    "empty_text": (_l("Must not be empty."), None),
    "too_long": (_l("Must have at most %(value)s characters."), lambda p: p["most"]),
    "duplicate_id": (_l("Another placement has the code %(value)s."), lambda p: repr(p["id"])),
    "not_group_name": (_l("Must be a channel name."), None),
    "saturation_cpc_cpm_only": (_l("Applies to CPC and CPM placements only."), None),
    "not_saturation_object": (_l("Must be a spend, like 3000."), None),
    "points_curve_only": (_l("Applies to response curves only."), None),
    "curve_capacity": (_l("A curve's last point is its inventory."), None),
    "too_few_points": (
        _l("Must list at least two “spend, clicks” points, starting at 0, 0."),
        None,
    ),
    "too_many_points": (_l("Must have at most %(value)s points."), lambda p: p["most"]),
    "not_point_pair": (_l("Must be a “spend, clicks” pair."), None),
    "first_point_not_origin": (_l("Must be 0, 0: no spend buys no clicks."), None),
    "spend_not_increasing": (_l("Must be greater than the previous point's spend."), None),
}


def problem_in_words(problem: Problem) -> str:
    """One optimizer problem as a sentence for the form (its path says which field)."""
    if problem.code not in PROBLEMS:
        message = SENTENCES[problem.code](**problem.params)
        return message[:1].upper() + message[1:] + "."
    template, value = PROBLEMS[problem.code]
    return filled(str(template), {"value": value(problem.params)}) if value else str(template)
