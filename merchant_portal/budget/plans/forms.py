"""The plan form: budget, objective and the merchant's limits (per-placement limits are read
from the posted data in ``services.read_limits``)."""

from datetime import timedelta

from flask import request
from wtforms import BooleanField, SelectChoice, SelectField, SubmitField
from wtforms.validators import InputRequired, Optional, ValidationError

from ...forms import BoundedIntegerField, CheckedForm, FiniteDecimalField, TypedDateField
from ...i18n import _l
from ..placements.queries import active_placements
from .period import DEFAULT_WEEKS, MAX_WEEKS, earliest_start, latest_start, next_monday


class PlanForm(CheckedForm):
    start_week = TypedDateField(
        _l("First week (any day of it)"), validators=[Optional()], default=next_monday
    )
    weeks = BoundedIntegerField(
        _l("Number of weeks"),
        minimum=1,
        maximum=MAX_WEEKS,
        message=_l("Enter from 1 to %(max)s weeks.", max=MAX_WEEKS),
        default=DEFAULT_WEEKS,
        validators=[Optional()],
    )
    budget_basis = SelectField(
        _l("The budget is"),
        choices=[
            SelectChoice("weekly", _l("per week")),
            SelectChoice("total", _l("for the whole period")),
        ],
        default="weekly",
    )
    budget = FiniteDecimalField(
        _l("Budget"),
        places=2,
        minimum="0.01",
        maximum=999_999_999_999,
        message=_l("Enter a budget from 0.01 to 999,999,999,999."),
        validators=[InputRequired(_l("Enter the budget."))],
    )
    objective = SelectField(
        _l("Optimise for"),
        choices=[
            SelectChoice("revenue", _l("Revenue")),
            SelectChoice("conversions", _l("Conversions")),
            SelectChoice("profit", _l("Profit")),
        ],
    )
    margin = FiniteDecimalField(
        _l("Margin on revenue (for profit, 0 to 1)"),
        places=2,
        minimum="0.01",
        maximum=1,
        message=_l("Enter a margin between 0.01 and 1."),
        validators=[Optional()],
    )
    min_roas = FiniteDecimalField(
        _l("ROAS floor (revenue per unit of spend)"),
        places=2,
        minimum=0,
        maximum=1_000_000,
        message=_l("Enter a ROAS floor from 0 to 1,000,000."),
        validators=[Optional()],
    )
    spend_all = BooleanField(_l("Spend the whole budget"))
    # used only once a fit is accepted (the form says so); the lower band is the cautious plan
    curves = SelectField(
        _l("Fitted curves to plan on"),
        choices=[
            SelectChoice("central", _l("central estimate")),
            SelectChoice("lower_band", _l("lower band (a cautious plan)")),
        ],
        default="central",
    )
    run = SubmitField(_l("Run the plan"))

    bounds: dict = {}
    shares: dict = {}
    limit_errors: dict[str, list[str]] = {}

    def validate_start_week(self, field):
        # a plan's weeks must be ones results can come for: 9999-12-31 overflowed the period's
        # end, 0001-01-01 would be compared with nothing
        first, last = earliest_start(), latest_start()
        if field.data is not None and not first <= field.data < last + timedelta(days=7):
            raise ValidationError(
                _l(
                    "Choose a first week from %(first)s to %(last)s.",
                    first=first.isoformat(),
                    last=(last + timedelta(days=6)).isoformat(),
                )
            )

    def problems(self) -> dict[str, list[str]]:
        """The margin profit needs, and the per-placement and per-channel limits typed below
        the form, checked in the same round as the fields above."""
        from .services import read_limits

        found = {}
        if self.objective.data == "profit" and self.margin.data is None and not self.margin.errors:
            found["margin"] = [_l("Profit needs the margin on revenue.")]
        self.bounds, self.shares, self.limit_errors = read_limits(request.form, active_placements())
        return found | self.limit_errors
