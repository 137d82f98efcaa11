"""Running plans and keeping the placements catalogue. The view commits once."""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from optimizer import InvalidRequest, parse_plan_request, plan

from ..auth.models import User
from ..extensions import db
from ..numbers import parse_decimal
from ..onboarding.store.models import Store
from ..review.models import audit
from .models import BudgetPlan, Placement
from .requests import field_for, placement_item, plan_request


def active_placements() -> list[Placement]:
    return list(
        db.session.scalars(
            select(Placement).where(Placement.active).order_by(Placement.channel, Placement.id)
        )
    )


@dataclass
class PlanOutcome:
    plan: BudgetPlan | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)  # form field -> messages
    diagnosis: list[dict] = field(default_factory=list)


def read_limits(form_data, placements: list[Placement]) -> tuple[dict, dict, dict[str, list[str]]]:
    """Per-placement min/max spend and per-channel max share typed on the plan form."""
    bounds, shares, errors = {}, {}, {}

    def number(name: str, label: str, high: int = 999_999_999_999):
        text = (form_data.get(name) or "").strip()
        if not text:
            return None
        value = parse_decimal(text)
        if value is None:
            errors[name] = [f"{label}: enter a number."]
            return None
        if not 0 <= value <= high:
            errors[name] = [f"{label}: enter a number from 0 to {high:,}."]
            return None
        return value

    for p in placements:
        low = number(f"min:{p.code}", "Minimum spend")
        top = number(f"max:{p.code}", "Maximum spend")
        if low is not None and top is not None and low > top:
            errors[f"min:{p.code}"] = ["Minimum spend: above the maximum."]
        bounds[p.code] = (low, top)
    for channel in sorted({p.channel for p in placements}):
        shares[channel] = number(f"share:{channel}", "Maximum share", 100)
    return bounds, shares, errors


def run_plan(store: Store, form, form_data, actor: User, kind: str) -> PlanOutcome:
    placements = active_placements()
    bounds, shares, errors = read_limits(form_data, placements)
    if errors:
        return PlanOutcome(errors=errors)
    choices = {
        "budget": form.budget.data,
        "objective": form.objective.data,
        "margin": form.margin.data,
        "min_roas": form.min_roas.data,
        "spend_all": form.spend_all.data,
        "bounds": bounds,
        "shares": shares,
    }
    request = plan_request(placements, choices)
    try:
        result = plan(parse_plan_request(request))
    except InvalidRequest as invalid:
        for problem in invalid.problems:
            path, _, message = problem.partition(": ")
            errors.setdefault(field_for(path, placements), []).append(
                message[:1].upper() + message[1:] + "."
            )
        return PlanOutcome(errors=errors)
    if result.status != "optimal":
        diagnosis = [
            {**c, "form_field": field_for(c["field"] or "", placements)} for c in result.conflicts
        ]
        return PlanOutcome(diagnosis=diagnosis)
    budget_plan = BudgetPlan(
        store_id=store.id,
        created_by_id=actor.id,
        kind=kind,
        objective=form.objective.data,
        budget=form.budget.data,
        request=request,
        result=result.to_json(),
    )
    db.session.add(budget_plan)
    db.session.flush()
    audit(
        actor_id=actor.id,
        subject_kind="budget_plan",
        subject_id=budget_plan.id,
        action="run_plan",
        detail={"store": store.id, "budget": str(form.budget.data)},
    )
    return PlanOutcome(plan=budget_plan)


def placement_problems(form) -> dict[str, list[str]]:
    """The placement checked by the optimizer's own validation, problems put on the fields."""
    probe = Placement(
        code=form.code.data or "x",
        name="",
        channel=form.channel.data or "x",
        pricing=form.pricing.data,
        price=form.price.data or Decimal(0),
        inventory=form.inventory.data,
        impressions_per_slot=form.impressions_per_slot.data,
        half_spend=form.half_spend.data,
        prior_ctr=form.prior_ctr.data,
        prior_cvr=form.prior_cvr.data,
        prior_aov=form.prior_aov.data or Decimal(0),
        curve_points=form.points(),
    )
    item = placement_item(probe)
    if form.pricing.data == "curve":
        item.pop("capacity", None)
    renamed = {
        "ctr": "prior_ctr",
        "cvr": "prior_cvr",
        "aov": "prior_aov",
        "capacity": "inventory",
        "points": "curve_points",
        "saturation": "half_spend",
    }
    problems: dict[str, list[str]] = {}
    try:
        parse_plan_request({"budget": 1, "placements": [item]})
    except InvalidRequest as invalid:
        for problem in invalid.problems:
            path, _, message = problem.partition(": ")
            name = path.split(".")[1] if "." in path else path
            name = renamed.get(name.split("[")[0], name.split("[")[0])
            problems.setdefault(name, []).append(message[:1].upper() + message[1:] + ".")
    return problems


def save_placement(placement: Placement, form, actor: User) -> None:
    for name in (
        "code",
        "name",
        "channel",
        "pricing",
        "price",
        "inventory",
        "impressions_per_slot",
        "half_spend",
        "prior_ctr",
        "prior_cvr",
        "prior_aov",
        "prior_strength",
    ):
        setattr(placement, name, getattr(form, name).data)
    placement.curve_points = form.points()
    if placement.price is None:
        placement.price = Decimal(0)  # curves are priced by their points
    db.session.add(placement)
    db.session.flush()
    audit(actor_id=actor.id, subject_kind="placement", subject_id=placement.id, action="save")
