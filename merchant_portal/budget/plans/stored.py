"""The one shape a plan's result is stored in (``BudgetPlan.result``), whoever made the plan:
a store's own plan, read from the optimizer's result, or its share of a platform run. The plan
page, the export and the comparison read only this shape."""

from typing import Protocol, TypedDict


class StoredAllocation(TypedDict):
    id: str  # the placement code
    spend: float
    units: float
    clicks: float
    conversions: float
    revenue: float
    marginal_roas: float


class StoredResult(TypedDict):
    status: str
    objective: str
    objective_value: float | None
    totals: dict[str, float | None]
    allocations: list[StoredAllocation]
    shadow_prices: dict[str, float | None]
    binding: list
    diagnosis: list
    conflicts: list
    optimality_gap: float | None
    notes: list[str]


class OptimizerResult(Protocol):
    def to_json(self) -> dict: ...


def stored_result(result: OptimizerResult) -> StoredResult:
    """A single store's plan as the optimizer answered it."""
    return StoredResult(**result.to_json())


def platform_share(
    objective: str, rows: list[dict], totals: dict[str, float], note: str
) -> StoredResult:
    """One store's part of a platform run: its rows of the shared allocation and its totals.
    Shared inventory has no single-store budget price, binding limit or conflict to report."""
    return StoredResult(
        status="optimal",
        objective=objective,
        objective_value=None,
        totals={
            **{k: totals[k] for k in ("spend", "clicks", "conversions", "revenue", "roas")},
            "profit": None,
        },
        allocations=[
            StoredAllocation(
                id=row["placement"],
                spend=row["spend"],
                units=row["units"],
                clicks=row["clicks"],
                conversions=row["conversions"],
                revenue=row["revenue"],
                marginal_roas=row["revenue"] / row["spend"] if row["spend"] else 0.0,
            )
            for row in rows
        ],
        shadow_prices={"budget": 0.0},
        binding=[],
        diagnosis=[],
        conflicts=[],
        optimality_gap=None,
        notes=[note],
    )
