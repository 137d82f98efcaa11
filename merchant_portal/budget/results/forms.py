"""The results form (one placement, one period) and the CSV import's upload form."""

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from ...forms import BoundedIntegerField, FileField, FiniteDecimalField, TypedDateField
from ...i18n import _l
from ...numbers import DB_INT_MAX
from ..models import Placement

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
    period_start = TypedDateField(
        _l("First day"), validators=[InputRequired(_l("Enter the first day."))]
    )
    period_end = TypedDateField(
        _l("Last day"), validators=[InputRequired(_l("Enter the last day."))]
    )
    spend = money(_l("Spend"), _l("Enter the spend."))
    impressions = counted(_l("Impressions"), _l("Enter the impressions."))
    clicks = counted(_l("Clicks"), _l("Enter the clicks."))
    # an integer column, unlike the others
    conversions = counted(_l("Conversions"), _l("Enter the conversions."), DB_INT_MAX)
    revenue = money(_l("Revenue"), _l("Enter the revenue."))
    save = SubmitField(_l("Record results"))

    def validate_period_end(self, field):
        if self.period_start.data and field.data and field.data < self.period_start.data:
            raise ValidationError(_l("The period must end on or after its first day."))

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


class ResultImportForm(FlaskForm):
    file = FileField(_l("CSV file"))
    upload = SubmitField(_l("Check and import"))


def placement_choices(placements: list[Placement]) -> list[tuple[str, str]]:
    return [("", _l("Choose a placement"))] + [(p.code, p.name) for p in placements]
