"""Storing a finished platform run: each merchant's share as a plan (with what limits it) and
the run's summary (sold-out placements and their clearing prices, budgets spent, floors
holding, the proven gap). Merchants are told only when the run is published (``publish``).

``store_shares`` reads the answer and keeps the run's facts on ``stores`` for ``summary``
after it; a run calls the two in order."""

import json
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy import bindparam, insert, select
from sqlalchemy.types import TypeDecorator

from ...extensions import db
from ...i18n import _l
from ...timeutil import utcnow
from ..models import BudgetPlan, Placement, PlatformRun
from ..plans.period import DEFAULT_WEEKS, next_monday
from ..plans.stored import StoredAllocation, platform_share
from .answer import PlatformAnswer, read_answer
from .explain import nothing_in_words
from .facts import RunFacts, run_facts
from .request import RunStores, half_spend
from .shares import number_shares

SUBJECT = _l("A new ad recommendation for your store")
# stored in English among the share's notes; the plan page says it in the reader's language
RECOMMENDATION_NOTE = (
    "A platform recommendation: this store's share of the shared inventory, planned together with "
    "every other merchant's budget."
)


def _facts(stores: RunStores, answer: dict | PlatformAnswer) -> tuple[PlatformAnswer, RunFacts]:
    """``answer``: the optimizer's JSON, or already read (``answer.read_result``)."""
    if stores.facts is None:
        read = answer if isinstance(answer, PlatformAnswer) else read_answer(answer)
        stores.answer, stores.facts = read, run_facts(stores, read)
    return stores.answer, stores.facts


class _Serialized(TypeDecorator):
    """A JSON value serialized already, sent as it is. A run's 100,000 shares each store the
    rates of every placement, nearly all of them a few hundred dicts the stores share:
    serialized once each, not once per store (``json.dumps`` of every share's request took
    longer than writing it)."""

    impl = sa.JSON
    cache_ok = True

    def bind_processor(self, dialect):
        return None


_COLUMNS = ("store_id", "created_by_id", "kind", "objective", "budget", "platform_run_id",
            "curve_fit_id", "curve_basis", "created_at", "period_start", "weeks",
            "budget_basis", "period_budget")  # fmt: skip
# Core, not ORM rows: bind names of their own (a column's name is reserved in VALUES)
_INSERT_SHARES = insert(BudgetPlan.__table__).values(
    {
        **{name: bindparam(f"share_{name}") for name in _COLUMNS},
        "request": bindparam("share_request", type_=_Serialized()),
        "result": bindparam("share_result", type_=_Serialized()),
    }
)


class _RatesUsed:
    """The rates a store was planned on, saturation resolved as the contract resolves it, as
    JSON: each rate dict serialized once however many stores share it."""

    def __init__(self, placements: dict[str, dict]):
        self.placements = placements
        self.said: dict[int, str] = {}  # id of a rate dict (alive while the request is)

    def json(self, merchant: dict) -> str:
        rates = merchant["rates"]
        parts = list(map(self.said.get, map(id, rates.values())))
        if None in parts:
            for at, (code, rate) in enumerate(rates.items()):
                if parts[at] is None:
                    used = json.dumps(self.used(code, rate))
                    parts[at] = self.said[id(rate)] = f"{json.dumps(code)}: {used}"
        return "{" + ", ".join(parts) + "}"

    def used(self, code: str, rate: dict) -> dict:
        placement = self.placements[code]
        used = {**rate, "half_spend": half_spend(rate, placement)}
        if placement["pricing"] == "cpm":  # a rate's ctr overrides the placement's
            used["ctr"] = rate.get("ctr", placement.get("ctr"))
        return used


CHUNK = 5000  # stores written per INSERT: a run's plans are never all in memory at once


def store_shares(run: PlatformRun, answer: dict | PlatformAnswer, stores: RunStores) -> None:
    """One plan per store, a statement for each 5,000 stores (a run covers thousands)."""
    read, facts = _facts(stores, answer)
    names = dict(db.session.execute(select(Placement.code, Placement.name)).all())
    rows_of: dict[str, list] = {}
    for row in read.allocations:
        rows_of.setdefault(row.merchant, []).append(row)
    rates_used = _RatesUsed({p["id"]: p for p in stores.request["placements"]})
    sold_out = [code for code, placement in facts.placements.items() if placement.sold_out]
    merchants = {m["id"]: m for m in stores.request["merchants"]}
    empty = {"spend": 0.0, "clicks": 0.0, "conversions": 0.0, "revenue": 0.0, "roas": 0.0}
    starts = next_monday()
    stored = set(  # a retried run stores the rest; the unique constraint holds the line
        db.session.scalars(select(BudgetPlan.store_id).where(BudgetPlan.platform_run_id == run.id))
    )
    now = utcnow()
    plans = []
    for key, entry in stores.items():
        if entry.store_id in stored:
            continue
        merchant, mine = merchants[key], facts.merchants[key]
        totals = read.merchant_totals.get(key)
        binding = ["budget"] if mine.whole_budget else []
        binding += ["min_roas"] if mine.at_floor else []
        binding += [
            f"{c}.capacity"
            for c in sold_out
            if c in merchant["rates"] and (mine.spend > 0 or c in mine.outbid_on)
        ]
        notes = [RECOMMENDATION_NOTE]
        if mine.nothing_because:
            notes.insert(0, nothing_in_words(mine, names))
        allocations = [
            StoredAllocation(
                id=row.placement,
                spend=row.spend,
                units=row.units,
                clicks=row.clicks,
                conversions=row.conversions,
                revenue=row.revenue,
                marginal_roas=facts.marginal_roas.get((row.merchant, row.placement), 0.0),
            )
            for row in rows_of.get(key, [])
        ]
        # the request as a dict would say it, its rates said once per shared rate
        request = json.dumps(
            {
                "platform_run": run.id,
                "budget": entry.budget,
                "own_plan": entry.own_plan_id,
                "min_roas": merchant.get("min_roas"),
            }
        )
        plans.append(
            {
                "share_store_id": entry.store_id,
                "share_created_by_id": run.created_by_id,
                "share_kind": "platform",
                "share_objective": run.objective,
                "share_budget": Decimal(str(entry.budget)),
                "share_platform_run_id": run.id,
                "share_curve_fit_id": run.curve_fit_id,
                "share_curve_basis": run.curve_basis,
                "share_created_at": now,
                # a share is a week's budget from next Monday for about a month (the monthly
                # budget it came from): planned against actual then holds it to those weeks
                "share_period_start": starts,
                "share_weeks": DEFAULT_WEEKS,
                "share_budget_basis": "weekly",
                "share_period_budget": Decimal(str(entry.budget)) * DEFAULT_WEEKS,
                "share_request": f'{request[:-1]}, "rates": {rates_used.json(merchant)}}}',
                "share_result": json.dumps(
                    platform_share(
                        run.objective,
                        allocations,
                        totals._asdict() if totals else empty,
                        binding,
                        notes,
                    )
                ),
            }
        )
        if len(plans) == CHUNK:
            db.session.execute(_INSERT_SHARES, plans)
            plans = []
    if plans:
        db.session.execute(_INSERT_SHARES, plans)
    number_shares(run.id)


def summary(answer: dict | PlatformAnswer, stores: RunStores) -> dict:
    read, facts = _facts(stores, answer)
    merchants = facts.merchants.values()
    nothing: dict[str, int] = {}
    for mine in merchants:
        if mine.nothing_because:
            nothing[mine.nothing_because] = nothing.get(mine.nothing_because, 0) + 1
    return {
        "objective_value": read.objective_value,
        "bound": read.bound,
        "gap": read.gap,
        "solved_by": read.solved_by,
        "merchants": len(stores),
        "placement_prices": read.placement_prices,
        "spend": sum(t.spend for t in read.merchant_totals.values()),
        "revenue": sum(t.revenue for t in read.merchant_totals.values()),
        "placements": [
            {
                "code": p.code,
                "pricing": p.pricing,
                "price": p.price,
                "capacity": p.capacity,
                "sold": p.sold,
                "clearing_price": p.clearing_price,
                "per_spend": p.per_spend,
                "sold_out": p.sold_out,
            }
            for p in facts.placements.values()
        ],
        "left_out": stores.left_out,
        "budgets_spent": sum(1 for m in merchants if m.whole_budget),
        "floors_holding": sum(1 for m in merchants if m.at_floor),
        "with_floor": sum(1 for m in merchants if m.min_roas),
        "nothing": nothing,
        "notified": sum(1 for m in merchants if m.spend > 0),
    }
