"""The placement form: one entry of the catalogue, prices and prior rates."""

from flask_wtf import FlaskForm
from wtforms import (
    DecimalField,
    FloatField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from ...forms import strip_text
from ..models import PRICING_LABELS


class PlacementForm(FlaskForm):
    code = StringField(
        "Code",
        filters=[strip_text],
        validators=[
            DataRequired("Give the placement a code."),
            Length(max=40),
            Regexp(
                r"^[a-z0-9_]+$", message="Lower-case letters, digits and _ only, like search_top."
            ),
        ],
    )
    name = StringField(
        "Name",
        filters=[strip_text],
        validators=[DataRequired("Name the placement."), Length(max=80)],
    )
    channel = StringField(
        "Channel",
        filters=[strip_text],
        validators=[DataRequired("Say which channel, like search or display."), Length(max=40)],
    )
    pricing = SelectField(
        "Pricing", choices=[SelectChoice(k, v) for k, v in PRICING_LABELS.items()]
    )
    price = DecimalField(
        "Price (per click, per thousand impressions, or per slot)",
        places=4,
        validators=[Optional()],
    )
    inventory = IntegerField(
        "Inventory per period (clicks, impressions or slots)", validators=[Optional()]
    )
    impressions_per_slot = IntegerField("Impressions per slot", validators=[Optional()])
    half_spend = DecimalField(
        "Saturation: spend at which the response halves", places=2, validators=[Optional()]
    )
    curve_points = TextAreaField(
        "Response curve: one “spend, clicks” pair per line, from 0, 0", validators=[Optional()]
    )
    prior_ctr = FloatField("Prior click-through rate (0 to 1)", validators=[Optional()])
    prior_cvr = FloatField(
        "Prior conversion rate (0 to 1)", validators=[InputRequired("Enter the conversion rate.")]
    )
    prior_aov = DecimalField(
        "Prior average order value", places=2, validators=[InputRequired("Enter the order value.")]
    )
    prior_strength = IntegerField(
        "Prior strength (pseudo-observations)",
        default=100,
        validators=[InputRequired("Enter the prior strength."), NumberRange(1, 1_000_000)],
    )
    save = SubmitField("Save placement")

    def points(self) -> list | None:
        text = (self.curve_points.data or "").strip()
        if not text:
            return None
        pairs = []
        for number, line in enumerate(text.splitlines(), start=1):
            parts = [part.strip() for part in line.replace(";", ",").split(",") if part.strip()]
            try:
                spend, clicks = (float(value) for value in parts)
            except ValueError:
                raise ValidationError(
                    f"Line {number}: write it as “spend, clicks”, like 1000, 800."
                ) from None
            pairs.append([spend, clicks])
        return pairs

    def validate_curve_points(self, field):
        self.points()  # raises with the line at fault
