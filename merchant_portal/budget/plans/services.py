"""Running a plan for a store: the form read into a request, solved, stored. The view commits."""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from optimizer import InvalidRequest
from optimizer.single import parse_plan_request, plan

from ...audit import audit
from ...auth.models import User
from ...extensions import db
from ...forms import slip, without_percent
from ...i18n import _, gettext
from ...numbers import read_typed_decimal
from ...onboarding.store.models import Store
from ..curves.use import CENTRAL, accepted_curves, apply_to_plan_request
from ..models import BudgetPlan, Placement
from ..optimizer_problems import problem_in_words
from ..placements.queries import active_placements
from ..requests import field_for, plan_request
from .explain import conflict_in_words, nothing_spent_field, nothing_spent_reason
from .period import DEFAULT_WEEKS, next_monday, set_period, weekly_budget
from .stored import stored_result


@dataclass
class PlanOutcome:
    plan: BudgetPlan | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)  # form field -> messages
    diagnosis: list[dict] = field(default_factory=list)
    nothing_spent: str | None = None  # why the best plan spends nothing (none is kept)
    nothing_spent_field: str | None = None  # the form field at fault, marked on the page
    already_made: int | None = None  # the plan this render of the form made before


def plan_made_by(store_id: int, form_key: str | None) -> int | None:
    """The plan a render of the form already made (the button pressed twice), if any."""
    if form_key is None:
        return None
    return db.session.scalar(
        select(BudgetPlan.id).where(
            BudgetPlan.store_id == store_id, BudgetPlan.form_key == form_key
        )
    )


CENT = Decimal("0.01")


def read_limits(form_data, placements: list[Placement]) -> tuple[dict, dict, dict[str, list[str]]]:
    """Per-placement min/max spend and per-channel max share typed on the plan form."""
    bounds, shares, errors = {}, {}, {}

    def number(name: str, label: str, high: int = 999_999_999_999, percent: bool = False):
        text = (form_data.get(name) or "").strip()
        if not text:
            return None
        text = without_percent([text], percent)[0]
        value = read_typed_decimal(text)  # 1,000, 2万, full-width digits, as the fields above
        if value is None:
            said = slip(text, high)  # 30%: say what to type, as the fields above do
            errors[name] = [
                _("%(field)s: %(problem)s", field=label, problem=said)
                if said
                else _("%(field)s: enter a number.", field=label)
            ]
            return None
        if not 0 <= value <= high:
            errors[name] = [
                _("%(field)s: enter a number from 0 to %(high)s.", field=label, high=f"{high:,}")
            ]
            return None
        if value != value.quantize(CENT):  # 128.005 is neither 128.00 nor 128.01
            errors[name] = [_("%(field)s: use at most 2 decimal places.", field=label)]
            return None
        return value

    for p in placements:
        low = number(f"min:{p.code}", _("Minimum spend"))
        top = number(f"max:{p.code}", _("Maximum spend"))
        if low is not None and top is not None and low > top:
            errors[f"min:{p.code}"] = [_("Minimum spend: above the maximum.")]
        bounds[p.code] = (low, top)
    for channel in sorted({p.channel for p in placements}):
        shares[channel] = number(f"share:{channel}", _("Maximum share"), 100, percent=True)
    return bounds, shares, errors


def run_plan(
    store: Store, form, actor: User, kind: str, form_key: str | None = None
) -> PlanOutcome:
    """``form`` is a validated PlanForm: its limits are read (``form.bounds``, ``form.shares``)."""
    placements = active_placements()
    bounds, shares, errors = form.bounds, form.shares, {}
    start = form.start_week.data or next_monday()
    weeks = form.weeks.data or DEFAULT_WEEKS
    basis = form.budget_basis.data if form.budget_basis.data in ("weekly", "total") else "weekly"
    per_week = weekly_budget(form.budget.data, basis, weeks)
    if per_week <= 0:
        return PlanOutcome(
            errors={
                "budget": [
                    gettext("Spread over %(weeks)s weeks, that is nothing a week.", weeks=weeks)
                ]
            }
        )
    choices = {
        "budget": per_week,
        "objective": form.objective.data,
        "margin": form.margin.data,
        "min_roas": form.min_roas.data,
        "spend_all": form.spend_all.data,
        "bounds": bounds,
        "shares": shares,
    }
    request = plan_request(placements, choices)
    chosen = getattr(form, "curves", None)
    curves = accepted_curves(chosen.data if chosen is not None and chosen.data else CENTRAL,
                             [store.id])  # fmt: skip
    if curves is not None:  # without an accepted fit: the placements' typed curves, as before
        apply_to_plan_request(request, placements, curves, store.id)
    try:
        result = plan(parse_plan_request(request))
    except InvalidRequest as invalid:
        for problem in invalid.problems:
            field = field_for(problem.path, placements)
            errors.setdefault(field, []).append(problem_in_words(problem))
        return PlanOutcome(errors=errors)
    by_code = {p.code: p for p in placements}
    if result.status != "optimal":
        diagnosis = [
            {
                **c.to_json(),
                "message": conflict_in_words(c.to_json(), request, by_code),
                "form_field": field_for(c.field or "", placements),
            }
            for c in result.conflicts
        ]
        return PlanOutcome(diagnosis=diagnosis)
    answer = result.to_json()
    if not (answer["totals"].get("spend") or 0) > 0:
        # a plan of nothing is no recommendation: the merchant is not shown one
        return PlanOutcome(
            nothing_spent=nothing_spent_reason(answer, request),
            nothing_spent_field=nothing_spent_field(answer, request),
        )
    budget_plan = BudgetPlan(
        store_id=store.id,
        created_by_id=actor.id,
        kind=kind,
        objective=form.objective.data,
        request=request,
        result=stored_result(result),
    )
    set_period(budget_plan, start, weeks, basis, form.budget.data)
    if curves is not None:
        budget_plan.curve_fit_id, budget_plan.curve_basis = curves.fit.id, curves.basis
    budget_plan.form_key = form_key
    try:
        with db.session.begin_nested():
            db.session.add(budget_plan)
            db.session.flush()
    except IntegrityError:  # the other press of the button stored its plan this very moment
        if form_key is None:
            raise
        return PlanOutcome(already_made=plan_made_by(store.id, form_key))
    audit(
        actor_id=actor.id,
        subject_kind="budget_plan",
        subject_id=budget_plan.id,
        action="run_plan",
        detail={
            "store": store.id,
            "budget": str(form.budget.data),
            "basis": basis,
            "period_start": budget_plan.period_start.isoformat(),
            "weeks": weeks,
            "fit": curves.fit.number if curves is not None else None,
            "curves": curves.basis if curves is not None else None,
        },
    )
    return PlanOutcome(plan=budget_plan)
