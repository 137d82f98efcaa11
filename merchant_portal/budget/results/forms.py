"""The results form (one placement, one period) and the CSV import's upload form."""

from datetime import date, timedelta

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.validators import InputRequired, Optional, ValidationError

from ...forms import BoundedIntegerField, FileField, FiniteDecimalField, TypedDateField
from ...i18n import _l
from ...numbers import DB_INT_MAX
from ...timeutil import market_today
from ..models import Placement

COLUMNS = (
    "placement",
    "week",
    "period_start",
    "period_end",
    "spend",
    "impressions",
    "clicks",
    "conversions",
    "revenue",
)


def counted(label: str, missing: str, maximum: int = 10**12) -> BoundedIntegerField:
    return BoundedIntegerField(
        label,
        default=0,
        minimum=0,
        maximum=maximum,
        message=_l("Enter from 0 to %(max)s.", max=f"{maximum:,}"),
        validators=[InputRequired(missing)],
    )


def money(label: str, missing: str) -> FiniteDecimalField:
    return FiniteDecimalField(
        label,
        places=2,
        minimum=0,
        maximum=999_999_999_999,
        message=_l("Enter from 0 to 999,999,999,999."),
        validators=[InputRequired(missing)],
    )


class ResultForm(FlaskForm):
    placement = SelectField(
        _l("Placement"), validators=[InputRequired(_l("Choose the placement."))]
    )
    # any day of the week will do: the results are kept under its Monday
    week = TypedDateField(_l("Week (any day of it)"), validators=[Optional()])
    # a CSV written before results had a week: its first day gives the week, the period is kept
    period_start = TypedDateField(_l("First day"), validators=[Optional()])
    period_end = TypedDateField(_l("Last day"), validators=[Optional()])
    spend = money(_l("Spend"), _l("Enter the spend."))
    impressions = counted(_l("Impressions"), _l("Enter the impressions."))
    clicks = counted(_l("Clicks"), _l("Enter the clicks."))
    # an integer column, unlike the others
    conversions = counted(_l("Conversions"), _l("Enter the conversions."), DB_INT_MAX)
    revenue = money(_l("Revenue"), _l("Enter the revenue."))
    save = SubmitField(_l("Record results"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        typed = [(f.raw_data or [""])[0].strip() for f in (self.week, self.period_start)]
        if not any(typed):  # Optional() stops before an inline validator could say it
            self.week.errors = [*self.week.errors, _l("Enter the week.")]
            return False
        end_typed = (self.period_end.raw_data or [""])[0].strip()
        if not typed[0] and self.period_start.data and not end_typed:
            # Optional() on the last day stopped its own check: a first day alone reached the
            # database without an end
            self.period_end.errors = [*self.period_end.errors, _l("Enter the last day.")]
            return False
        return valid

    def validate_week(self, field):
        _within_weeks(field)

    def validate_period_start(self, field):
        _within_weeks(field)

    def validate_period_end(self, field):
        _within_weeks(field)
        if self.period_start.data and field.data and field.data < self.period_start.data:
            raise ValidationError(_l("The period must end on or after its first day."))
        if self.period_start.data and not field.data and not field.errors:
            raise ValidationError(_l("Enter the last day."))

    def covered(self) -> tuple[date, date, date]:
        """(week's Monday, first day, last day) of what was entered."""
        if self.week.data is not None:
            monday = monday_of(self.week.data)
            return monday, monday, monday + timedelta(days=6)
        return monday_of(self.period_start.data), self.period_start.data, self.period_end.data

    def validate_clicks(self, field):
        if self.impressions.data and field.data is not None and field.data > self.impressions.data:
            raise ValidationError(_l("More clicks than impressions: check both."))

    def validate_conversions(self, field):
        if (
            field.data is not None
            and self.clicks.data is not None
            and field.data > self.clicks.data
        ):
            raise ValidationError(_l("More conversions than clicks: check both."))


FIGURES = ("spend", "impressions", "clicks", "conversions", "revenue")


def entered(form: ResultForm) -> dict:
    """What one form or CSV row records: the placement's code, the week and the figures."""
    week, first, last = form.covered()
    values = {name: getattr(form, name).data for name in FIGURES}
    return {
        "placement": form.placement.data,
        "week": week,
        "period_start": first,
        "period_end": last,
        **values,
    }


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


# Online ad results older than this are not a store's to plan from, and a fixed first week
# (not "N years back") keeps a file that imported once importable again next year.
FIRST_WEEK = date(2010, 1, 4)
# China has no summer time: its calendar day is UTC's moved by eight hours.
# (main's timeutil.market_today() says the same and should replace this at merge)


def this_week() -> date:
    """The Monday of the current week as a Chinese planner's calendar shows it."""
    return monday_of(market_today())


def _within_weeks(field) -> None:
    """Results are for weeks that have begun: a week in 9999 or in year 1 is a slip (it once
    overflowed the calendar, and one such row spread a fit over a million weeks)."""
    if field.data is None:
        return
    latest = this_week() + timedelta(days=6)
    if not FIRST_WEEK <= field.data <= latest:
        raise ValidationError(
            _l(
                "Enter a day from %(first)s to %(last)s (the end of this week).",
                first=FIRST_WEEK.isoformat(),
                last=latest.isoformat(),
            )
        )


class ResultImportForm(FlaskForm):
    file = FileField(_l("Results file (.xlsx or CSV)"))
    upload = SubmitField(_l("Check and import"))


def placement_choices(placements: list[Placement]) -> list[tuple[str, str]]:
    return [("", _l("Choose a placement"))] + [(p.code, p.label) for p in placements]
