"""The plan form: budget, objective and the merchant's limits (per-placement limits are read
from the posted data in ``services.read_limits``)."""

from flask import request
from wtforms import BooleanField, DecimalField, SelectChoice, SelectField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional

from ...forms import CheckedForm
from ..placements.queries import active_placements


class PlanForm(CheckedForm):
    budget = DecimalField(
        "Budget",
        places=2,
        validators=[
            InputRequired("Enter the budget."),
            NumberRange(0.01, 1e12, "Enter a budget above 0."),
        ],
    )
    objective = SelectField(
        "Optimise for",
        choices=[
            SelectChoice("revenue", "Revenue"),
            SelectChoice("conversions", "Conversions"),
            SelectChoice("profit", "Profit"),
        ],
    )
    margin = DecimalField(
        "Margin on revenue (for profit, 0 to 1)",
        places=2,
        validators=[Optional(), NumberRange(0.01, 1, "Enter a margin between 0.01 and 1.")],
    )
    min_roas = DecimalField(
        "ROAS floor (revenue per unit of spend)",
        places=2,
        validators=[Optional(), NumberRange(0, 1e6, "Enter a ROAS of 0 or more.")],
    )
    spend_all = BooleanField("Spend the whole budget")
    run = SubmitField("Run the plan")

    bounds: dict = {}
    shares: dict = {}
    limit_errors: dict[str, list[str]] = {}

    def problems(self) -> dict[str, list[str]]:
        """The margin profit needs, and the per-placement and per-channel limits typed below
        the form, checked in the same round as the fields above."""
        from .services import read_limits

        found = {}
        if self.objective.data == "profit" and self.margin.data is None and not self.margin.errors:
            found["margin"] = ["Profit needs the margin on revenue."]
        self.bounds, self.shares, self.limit_errors = read_limits(request.form, active_placements())
        return found | self.limit_errors
