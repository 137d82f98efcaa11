"""Observed results: recorded by form or CSV, turned into estimates, fed into the next plan."""

from flask_wtf import FlaskForm
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from optimizer import InvalidRequest, parse_plan_request, plan
from optimizer.learning import Observed, update_placement

from ..csv_files import ImportRejected, RowProblem, read_rows
from ..extensions import db
from ..forms import BoundedIntegerField, FileField, FiniteDecimalField
from ..numbers import DB_INT_MAX
from ..review.models import audit
from .models import BudgetPlan, PerformanceRecord, Placement

COLUMNS = (
    "placement",
    "period_start",
    "period_end",
    "spend",
    "impressions",
    "clicks",
    "conversions",
    "revenue",
)


def counted(label: str, maximum: int = 10**12) -> BoundedIntegerField:
    return BoundedIntegerField(
        label,
        default=0,
        minimum=0,
        maximum=maximum,
        message=f"Enter from 0 to {maximum:,}.",
        validators=[InputRequired(f"Enter the {label.lower()}.")],
    )


def money(label: str) -> FiniteDecimalField:
    return FiniteDecimalField(
        label,
        places=2,
        minimum=0,
        maximum=999_999_999_999,
        message="Enter from 0 to 999,999,999,999.",
        validators=[InputRequired(f"Enter the {label.lower()}.")],
    )


class ResultForm(FlaskForm):
    placement = SelectField("Placement", validators=[InputRequired("Choose the placement.")])
    period_start = DateField("From", validators=[InputRequired("Enter the first day.")])
    period_end = DateField("To", validators=[InputRequired("Enter the last day.")])
    spend = money("Spend")
    impressions = counted("Impressions")
    clicks = counted("Clicks")
    conversions = counted("Conversions", DB_INT_MAX)  # an integer column, unlike the others
    revenue = money("Revenue")
    save = SubmitField("Record results")

    def validate_period_end(self, field):
        if self.period_start.data and field.data and field.data < self.period_start.data:
            raise ValidationError("The period must end on or after its first day.")

    def validate_clicks(self, field):
        if self.impressions.data and field.data is not None and field.data > self.impressions.data:
            raise ValidationError("More clicks than impressions: check both.")

    def validate_conversions(self, field):
        if (
            field.data is not None
            and self.clicks.data is not None
            and field.data > self.clicks.data
        ):
            raise ValidationError("More conversions than clicks: check both.")


class ResultImportForm(FlaskForm):
    file = FileField("CSV file")
    upload = SubmitField("Check and import")


def placement_choices(placements: list[Placement]) -> list[tuple[str, str]]:
    return [("", "Choose a placement")] + [(p.code, p.name) for p in placements]


def parse_results_csv(raw: bytes, placements: list[Placement]) -> list[dict]:
    choices = placement_choices(placements)
    rows, problems = [], []
    for number, values in read_rows(raw, COLUMNS, COLUMNS):
        form = ResultForm(formdata=MultiDict(values), meta={"csrf": False})
        form.placement.choices = choices
        form.validate()
        for column, messages in form.errors.items():
            problems.append(RowProblem(number, column, " ".join(messages)))
        rows.append({name: getattr(form, name).data for name in COLUMNS})
    if problems:
        raise ImportRejected(problems)
    if not rows:
        raise ImportRejected([RowProblem(2, "file", "the file has no results under the header")])
    return rows


def record(store_id: int, values: dict, placements_by_code: dict, actor_id: int) -> None:
    placement = placements_by_code[values["placement"]]
    entry = PerformanceRecord(
        store_id=store_id,
        placement_id=placement.id,
        recorded_by_id=actor_id,
        **{k: values[k] for k in COLUMNS if k != "placement"},
    )
    db.session.add(entry)


def observed_by_placement(store_id: int) -> dict[int, Observed]:
    rows = db.session.execute(
        select(
            PerformanceRecord.placement_id,
            func.sum(PerformanceRecord.spend),
            func.sum(PerformanceRecord.impressions),
            func.sum(PerformanceRecord.clicks),
            func.sum(PerformanceRecord.conversions),
            func.sum(PerformanceRecord.revenue),
        )
        .where(PerformanceRecord.store_id == store_id)
        .group_by(PerformanceRecord.placement_id)
    )
    return {
        placement_id: Observed(
            float(spend or 0),
            float(impressions or 0),
            float(clicks or 0),
            float(conversions or 0),
            float(revenue or 0),
        )
        for placement_id, spend, impressions, clicks, conversions, revenue in rows
    }


def estimates(placements: list[Placement], observed: dict[int, Observed]) -> list[tuple]:
    """(placement, observed, posterior estimates) for every placement with results."""
    out = []
    for p in placements:
        if p.id in observed:
            seen = observed[p.id]
            out.append(
                (
                    p,
                    seen,
                    update_placement(
                        p.prior_ctr, p.prior_cvr, float(p.prior_aov), p.prior_strength, seen
                    ),
                )
            )
    return out


def replan(
    previous: BudgetPlan,
    placements: list[Placement],
    observed: dict[int, Observed],
    cautious: bool,
    actor_id: int,
) -> BudgetPlan | None:
    """The previous plan's request with each placement's rates learned from its results."""
    by_code = {p.code: p for p in placements}
    request = {**previous.request, "placements": []}
    for item in previous.request["placements"]:
        item = dict(item)
        p = by_code.get(item["id"])
        if p is not None and p.id in observed:
            learned = update_placement(
                p.prior_ctr, p.prior_cvr, float(p.prior_aov), p.prior_strength, observed[p.id]
            )
            item.update(learned.rates(cautious))
        request["placements"].append(item)
    try:
        result = plan(parse_plan_request(request))
    except InvalidRequest:  # a plan kept under older, looser rules: run a new one instead
        return None
    if result.status != "optimal":
        return None
    new_plan = BudgetPlan(
        store_id=previous.store_id,
        created_by_id=actor_id,
        kind="cautious_replan" if cautious else "replan",
        objective=previous.objective,
        budget=previous.budget,
        request=request,
        result=result.to_json(),
    )
    db.session.add(new_plan)
    db.session.flush()
    audit(
        actor_id=actor_id,
        subject_kind="budget_plan",
        subject_id=new_plan.id,
        action="replan",
        detail={"from_plan": previous.id, "cautious": cautious},
    )
    return new_plan
