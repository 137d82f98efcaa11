"""The optimizer's platform result (OPTIMIZER.md section 3), read in this one place.

Everything the portal stores or shows of a run comes through ``read_answer``, so a change in
the optimizer's result is a change here only. ``bound`` and ``gap`` are absent from optimizers
older than the contract; the portal then says the plan's quality is unproven.
"""

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np


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


def read_result(result) -> PlatformAnswer:
    """``read_answer(result.to_json())`` without the JSON: the rows straight from the result's
    columns. At 100,000 stores the JSON's 2.4 million row dicts held about 1.5 GB; these
    tuples a fifth of it."""
    if result.status != "optimal":
        return read_answer(result.to_json())
    request, figures = result.request, result.figures()
    positive = np.flatnonzero(figures["spend"])
    merchants = np.array(request.merchant_ids, dtype=object)
    placements = np.array(request.placement_ids, dtype=object)
    columns = [
        merchants[request.rate_merchant[positive]].tolist(),
        placements[request.rate_placement[positive]].tolist(),
        *(
            figures[k][positive].tolist()
            for k in ("spend", "units", "clicks", "conversions", "revenue")
        ),
    ]
    count = len(request.merchant_ids)
    totals = {
        name: np.bincount(request.rate_merchant, weights=figures[name], minlength=count)
        for name in ("spend", "clicks", "conversions", "revenue")
    }
    with np.errstate(invalid="ignore", divide="ignore"):
        totals["roas"] = np.where(totals["spend"] > 0, totals["revenue"] / totals["spend"], 0.0)
    said = result.summary()
    return PlatformAnswer(
        status=said["status"],
        objective_value=said.get("objective_value"),
        bound=said.get("bound"),
        gap=said.get("gap"),
        placement_prices=dict(said.get("placement_prices") or {}),
        merchant_totals={
            merchant: MerchantTotal(*row)
            for merchant, *row in zip(
                request.merchant_ids,
                *(
                    totals[k].tolist()
                    for k in ("spend", "clicks", "conversions", "revenue", "roas")
                ),
                strict=True,
            )
        },
        allocations=list(map(Allocation._make, zip(*columns, strict=True))),
        solved_by=_solved_by(said),
    )
