"""The plan form: budget, objective and the merchant's limits (per-placement limits are read
from the posted data in ``services.read_limits``)."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, SelectChoice, SelectField, SubmitField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError


class PlanForm(FlaskForm):
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

    def validate_margin(self, field):
        if self.objective.data == "profit" and field.data is None:
            raise ValidationError("Profit needs the margin on revenue.")
