"""Validated plan requests: what the planner asked for, in planner's names."""

from dataclasses import dataclass, field

PRICINGS = ("cpc", "cpm", "slot", "curve")
OBJECTIVES = ("revenue", "conversions", "profit", "min_spend")


@dataclass(frozen=True)
class Placement:
    id: str
    pricing: str
    cvr: float
    aov: float
    price: float | None = None  # per click (cpc), per thousand impressions (cpm), per slot
    ctr: float | None = None
    impressions_per_slot: float | None = None
    capacity: float | None = None  # units: clicks (cpc), impressions (cpm), slots (slot)
    min_spend: float = 0.0
    max_spend: float | None = None
    group: str | None = None
    half_spend: float | None = None  # saturation: response halves its ceiling at this spend
    points: tuple[tuple[float, float], ...] | None = None  # curve: (spend, clicks)

    @property
    def spend_ceiling(self) -> float | None:
        """The most this placement can take, from max_spend, capacity and the curve's end."""
        limits = [self.max_spend] if self.max_spend is not None else []
        if self.capacity is not None and self.price is not None:
            per_unit = self.price / 1000 if self.pricing == "cpm" else self.price
            limits.append(self.capacity * per_unit)
        if self.points:
            limits.append(self.points[-1][0])
        return min(limits) if limits else None


@dataclass(frozen=True)
class Group:
    min_share: float = 0.0
    max_share: float = 1.0


@dataclass(frozen=True)
class Target:
    metric: str  # "conversions" or "revenue"
    value: float


@dataclass(frozen=True)
class PlanRequest:
    budget: float
    placements: tuple[Placement, ...]
    objective: str = "revenue"
    margin: float | None = None
    min_roas: float | None = None
    spend_all: bool = False
    target: Target | None = None
    groups: dict[str, Group] = field(default_factory=dict)

    def with_budget(self, budget: float) -> "PlanRequest":
        from dataclasses import replace

        return replace(self, budget=budget)
