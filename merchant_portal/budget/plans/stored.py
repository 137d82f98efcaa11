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
    objective: str,
    allocations: list[StoredAllocation],
    totals: dict[str, float],
    binding: list[str],
    notes: list[str],
) -> StoredResult:
    """One store's part of a platform run: its rows of the shared allocation and its totals.
    ``binding`` names its limits as a store's own plan does (``budget``, ``min_roas``,
    ``<placement>.capacity`` for shared inventory sold out); the platform run has no price of
    one store's budget, so ``shadow_prices`` stays empty."""
    return StoredResult(
        status="optimal",
        objective=objective,
        objective_value=None,
        totals={
            **{k: totals[k] for k in ("spend", "clicks", "conversions", "revenue", "roas")},
            "profit": None,
        },
        allocations=allocations,
        shadow_prices={},
        binding=binding,
        diagnosis=[],
        conflicts=[],
        optimality_gap=None,
        notes=notes,
    )
