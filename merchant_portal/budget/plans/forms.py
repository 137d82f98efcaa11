"""The plan form: budget, objective and the merchant's limits (per-placement limits are read
from the posted data in ``services.read_limits``)."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, SubmitField
from wtforms.validators import InputRequired, Optional, ValidationError

from ...forms import FiniteDecimalField


class PlanForm(FlaskForm):
    budget = FiniteDecimalField(
        "Budget",
        places=2,
        minimum="0.01",
        maximum=999_999_999_999,
        message="Enter a budget from 0.01 to 999,999,999,999.",
        validators=[InputRequired("Enter the budget.")],
    )
    objective = SelectField(
        "Optimise for",
        choices=[
            SelectChoice("revenue", "Revenue"),
            SelectChoice("conversions", "Conversions"),
            SelectChoice("profit", "Profit"),
        ],
    )
    margin = FiniteDecimalField(
        "Margin on revenue (for profit, 0 to 1)",
        places=2,
        minimum="0.01",
        maximum=1,
        message="Enter a margin between 0.01 and 1.",
        validators=[Optional()],
    )
    min_roas = FiniteDecimalField(
        "ROAS floor (revenue per unit of spend)",
        places=2,
        minimum=0,
        maximum=1_000_000,
        message="Enter a ROAS floor from 0 to 1,000,000.",
        validators=[Optional()],
    )
    spend_all = BooleanField("Spend the whole budget")
    run = SubmitField("Run the plan")

    def validate_margin(self, field):
        if self.objective.data == "profit" and field.data is None:
            raise ValidationError("Profit needs the margin on revenue.")
