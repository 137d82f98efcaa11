"""The results form (one placement, one period) and the CSV import's upload form."""

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from ...forms import BoundedIntegerField, FileField, FiniteDecimalField
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
