"""The optimizer's validation problems said in the portal's language.

The optimizer answers a bad request with ``path: message`` lines in English (it is a
programmer's interface). Each message it is known to write becomes a sentence of the
catalogue, its figures kept; a message it learns later is shown as it wrote it."""

import re

from .words import _l

NUMBER = r"(?P<value>-?[\d.e+]+)"
PROBLEMS = [
    (r"is required", _l("Is required.")),
    (r"is required when the objective is profit", _l("Is required when optimising profit.")),
    (r"must be a number", _l("Must be a number.")),
    (r"must be a finite number", _l("Must be a finite number.")),
    (r"must be greater than 0", _l("Must be greater than 0.")),
    (rf"must be at least {NUMBER}", _l("Must be at least %(value)s.")),
    (rf"must be at most {NUMBER}", _l("Must be at most %(value)s.")),
    (rf"must be 0 or at least {NUMBER}", _l("Must be 0 or at least %(value)s.")),
    (r"must be a whole number", _l("Must be a whole number.")),
    (r"must be true or false", _l("Must be true or false.")),
    (r"is not a known field", _l("Is not a known field.")),
    (r"must be one of (?P<value>.+)", _l("Must be one of %(value)s.")),
    (
        rf"must not exceed max_share \({NUMBER}\)",
        _l("Must not exceed the most of the spend (%(value)s)."),
    ),
    (
        rf"must not exceed max_spend \({NUMBER}\)",
        _l("Must not exceed the maximum spend (%(value)s)."),
    ),
    (r"must be a non-empty list", _l("Must list at least one placement.")),
    (r"must have at most (?P<value>\d+) entries", _l("Must have at most %(value)s entries.")),
    (r"no placement belongs to this group", _l("No placement belongs to this channel.")),
    (r"must be a non-empty text", _l("Must not be empty.")),
    (r"must have at most (?P<value>\d+) characters", _l("Must have at most %(value)s characters.")),
    (
        r"duplicates another placement's id (?P<value>.+)",
        _l("Another placement has the code %(value)s."),
    ),
    (r"must be a group name", _l("Must be a channel name.")),
    (r"applies to cpc and cpm placements only", _l("Applies to CPC and CPM placements only.")),
    (r'must be an object like \{"half_spend": 3000\}', _l("Must be a spend, like 3000.")),
    (r"applies to curve placements only", _l("Applies to response curves only.")),
    (r"a curve's last point is its capacity", _l("A curve's last point is its inventory.")),
    (
        r"must list at least two \[spend, clicks\] points, starting at \[0, 0\]",
        _l("Must list at least two “spend, clicks” points, starting at 0, 0."),
    ),
    (r"must have at most (?P<value>\d+) points", _l("Must have at most %(value)s points.")),
    (r"must be a \[spend, clicks\] pair", _l("Must be a “spend, clicks” pair.")),
    (r"must be \[0, 0\]: no spend buys no clicks", _l("Must be 0, 0: no spend buys no clicks.")),
    (
        r"must be greater than the previous point's spend",
        _l("Must be greater than the previous point's spend."),
    ),
]
COMPILED = [(re.compile(f"^{pattern}$"), words) for pattern, words in PROBLEMS]


def problem_in_words(message: str) -> str:
    """One optimizer problem (the part after ``path: ``) as a sentence for the form."""
    for pattern, words in COMPILED:
        found = pattern.match(message)
        if found:
            return str(words) % found.groupdict()
    return message[:1].upper() + message[1:] + "."
