"""The optimizer's platform result (OPTIMIZER.md section 3), read in this one place.

Everything the portal stores or shows of a run comes through ``read_answer``, so a change in
the optimizer's result is a change here only. ``bound`` and ``gap`` are absent from optimizers
older than the contract; the portal then says the plan's quality is unproven.
"""

from dataclasses import dataclass
from typing import NamedTuple


class Allocation(NamedTuple):
    merchant: str
    placement: str
    spend: float
    units: float
    clicks: float
    conversions: float
    revenue: float


class MerchantTotal(NamedTuple):
    spend: float
    clicks: float
    conversions: float
    revenue: float
    roas: float


@dataclass(frozen=True)
class PlatformAnswer:
    status: str
    objective_value: float | None
    bound: float | None
    gap: float | None
    placement_prices: dict[str, float]
    merchant_totals: dict[str, MerchantTotal]
    allocations: list[Allocation]
    solved_by: str | None  # which engine and method ran, in the optimizer's words


def _solved_by(answer: dict) -> str | None:
    said = [str(answer[key]) for key in ("engine", "method") if answer.get(key)]
    return ", ".join(said) or None


def read_answer(answer: dict) -> PlatformAnswer:
    figures = ("spend", "units", "clicks", "conversions", "revenue")
    return PlatformAnswer(
        status=answer["status"],
        objective_value=answer.get("objective_value"),
        bound=answer.get("bound"),
        gap=answer.get("gap"),
        placement_prices=dict(answer.get("placement_prices") or {}),
        merchant_totals={
            row["merchant"]: MerchantTotal(
                *(row[k] for k in ("spend", "clicks", "conversions", "revenue", "roas"))
            )
            for row in answer.get("merchant_totals", [])
        },
        allocations=[
            Allocation(row["merchant"], row["placement"], *(row[k] for k in figures))
            for row in answer.get("allocations", [])
        ],
        solved_by=_solved_by(answer),
    )
