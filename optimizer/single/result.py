"""What the optimizer answers: plans, frontier points and conflicts, typed, and their JSON.

Every figure leaves through ``rounded`` (six decimals, no ``-0.0``), so the plan, the frontier
and the diagnosis agree on how a number is written.
"""

from dataclasses import dataclass, field
from typing import Any

from ..words import conflict_sentence


def rounded(number: float | None, digits: int = 6) -> float | None:
    """``number`` to ``digits`` decimals; ``+ 0.0`` turns -0.0 into 0.0. None stays None."""
    return None if number is None else round(float(number), digits) + 0.0


@dataclass
class Allocation:
    id: str
    spend: float
    units: float
    clicks: float
    conversions: float
    revenue: float
    marginal_roas: float

    def to_json(self) -> dict:
        return {k: (rounded(v) if isinstance(v, float) else v) for k, v in vars(self).items()}


@dataclass(frozen=True)
class Conflict:
    """One reason a plan is infeasible, and the smallest change that resolves it.

    ``field`` is the request's path to change (``budget``, ``min_roas``,
    ``placements[2].min_spend``, ``groups.search.min_share``, ``target.revenue``), or None when
    no single field resolves it; ``suggested_value`` is the value that would. ``code`` and
    ``params`` say why as data (``roas_unreachable``, ``{"best": 3.1, "required": 4.0}``);
    ``message`` is their English, for the JSON diagnosis.
    """

    constraint: str
    code: str
    params: dict[str, Any]
    field: str | None
    suggested_value: float | None

    @property
    def message(self) -> str:
        return conflict_sentence(self.code, self.params)

    def to_json(self) -> dict:
        return {
            "constraint": self.constraint,
            "message": self.message,
            "field": self.field,
            "suggested_value": self.suggested_value,
        }


@dataclass
class PlanResult:
    status: str
    objective: str
    objective_value: float | None
    totals: dict[str, float | None]
    allocations: list[Allocation]
    shadow_prices: dict[str, float]
    binding: list[str]
    diagnosis: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    optimality_gap: float | None = None
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "status": self.status,
            "objective": self.objective,
            "objective_value": rounded(self.objective_value),
            "totals": {k: rounded(v) for k, v in self.totals.items()},
            "allocations": [a.to_json() for a in self.allocations],
            "shadow_prices": {k: rounded(v) for k, v in self.shadow_prices.items()},
            "binding": self.binding,
            "diagnosis": self.diagnosis,
            "conflicts": [c.to_json() for c in self.conflicts],
            "optimality_gap": rounded(self.optimality_gap),
            "notes": self.notes,
        }


@dataclass
class FrontierPoint:
    budget: float
    status: str
    objective_value: float | None
    totals: dict
    shadow_price: float

    def to_json(self) -> dict:
        return {
            "budget": rounded(self.budget),
            "status": self.status,
            "objective_value": rounded(self.objective_value),
            "totals": {k: rounded(v) for k, v in self.totals.items()},
            "shadow_prices": {"budget": rounded(self.shadow_price)},
        }
