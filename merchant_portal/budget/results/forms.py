"""The results form (one placement, one period) and the CSV import's upload form."""

from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, FileField, IntegerField, SelectField, SubmitField
from wtforms.validators import InputRequired, NumberRange, ValidationError

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


def counted(label: str) -> IntegerField:
    return IntegerField(
        label,
        default=0,
        validators=[
            InputRequired(f"Enter the {label.lower()}."),
            NumberRange(0, 10**12, "Enter 0 or more."),
        ],
    )


class ResultForm(FlaskForm):
    placement = SelectField("Placement", validators=[InputRequired("Choose the placement.")])
    period_start = DateField("From", validators=[InputRequired("Enter the first day.")])
    period_end = DateField("To", validators=[InputRequired("Enter the last day.")])
    spend = DecimalField(
        "Spend",
        places=2,
        validators=[InputRequired("Enter the spend."), NumberRange(0, 1e12, "Enter 0 or more.")],
    )
    impressions = counted("Impressions")
    clicks = counted("Clicks")
    conversions = counted("Conversions")
    revenue = DecimalField(
        "Revenue",
        places=2,
        validators=[InputRequired("Enter the revenue."), NumberRange(0, 1e12, "Enter 0 or more.")],
    )
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
