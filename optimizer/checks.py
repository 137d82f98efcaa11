"""What every request is checked against, shared by the single plan and the platform: the
limits a value must keep to be a plan and not a typo, and the ``Checker`` that collects every
problem at once."""

import math
from typing import Any

from .errors import Problem

# Beyond these a value is a typo, not a plan (a budget of 10^13 is not an ad budget).
MAX_MONEY = 1e12
MAX_UNITS = 1e13
# Below these a positive value is a typo or a unit mix-up, and the model cannot carry it: a
# price of 1e-300 buys 1e303 clicks, far past what a solver's tolerances can tell apart from
# infinity; a saturation of 1e-300 is a curve with no width. Money is counted in cents.
MIN_MONEY = 0.01
MIN_PRICE = 0.0001


class Checker:
    """Collects problems instead of stopping at the first, so a planner fixes them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, code: str, **params: Any) -> None:
        self.problems.append(Problem(path, code, params))

    def number(
        self,
        data: dict,
        key: str,
        path: str,
        *,
        required: bool = False,
        minimum: float | None = 0.0,
        maximum: float | None = MAX_MONEY,
        positive: bool = False,
        integer: bool = False,
        smallest: float | None = None,
    ) -> float | None:
        """``smallest``: a positive value must be at least this (0 itself stays allowed
        unless ``positive``)."""
        where = f"{path}.{key}" if path else key
        value = data.get(key)
        if value is None:
            if required:
                self.add(where, "required")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.add(where, "not_a_number")
            return None
        try:
            finite = math.isfinite(value)
        except OverflowError:  # an integer too large for a float, e.g. 10**400
            finite = False
        if not finite:
            self.add(where, "not_finite")
            return None
        if positive and value <= 0:
            self.add(where, "not_positive")
            return None
        if minimum is not None and value < minimum:
            self.add(where, "too_small", minimum=minimum)
            return None
        if maximum is not None and value > maximum:
            self.add(where, "too_large", maximum=maximum)
            return None
        if integer and value != int(value):
            self.add(where, "not_whole")
            return None
        if smallest is not None and 0 < value < smallest:
            self.add(where, "too_small" if positive else "zero_or_at_least", minimum=smallest)
            return None
        return float(value)

    def unknown_fields(self, data: dict, allowed: set[str], path: str) -> None:
        for key in sorted(set(data) - allowed):
            self.add(f"{path}.{key}" if path else key, "unknown_field")
