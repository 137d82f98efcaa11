"""The placement form: one entry of the catalogue, prices and prior rates."""

from sqlalchemy import select
from wtforms import (
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
    Optional,
    Regexp,
    ValidationError,
)

from ...extensions import db
from ...forms import (
    BoundedIntegerField,
    CheckedForm,
    FiniteDecimalField,
    FiniteFloatField,
    one_line,
)
from ...i18n import _l
from ...numbers import DB_INT_MAX, parse_decimal
from ..models import PRICING_LABELS, Placement


class PlacementForm(CheckedForm):
    code = StringField(
        _l("Code"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Give the placement a code.")),
            Length(max=40),
            Regexp(
                r"^[a-z0-9_]+$",
                message=_l("Lower-case letters, digits and _ only, like search_top."),
            ),
        ],
    )
    name = StringField(
        _l("Name"),
        filters=[one_line],
        validators=[DataRequired(_l("Name the placement.")), Length(max=80)],
    )
    name_zh = StringField(
        _l("Chinese name (shown on Chinese pages)"),
        filters=[one_line],
        validators=[Optional(), Length(max=80)],
    )
    channel = StringField(
        _l("Channel"),
        filters=[one_line],
        validators=[DataRequired(_l("Say which channel, like search or display.")), Length(max=40)],
    )
    pricing = SelectField(
        _l("Pricing"), choices=[SelectChoice(k, v) for k, v in PRICING_LABELS.items()]
    )
    price = FiniteDecimalField(
        _l("Price (per click, per thousand impressions, or per slot)"),
        places=4,
        minimum=0,
        maximum=99_999_999,
        message=_l("Enter a price from 0 to 99,999,999."),
        validators=[Optional()],
    )
    inventory = BoundedIntegerField(
        _l("Inventory per period (clicks, impressions or slots)"),
        minimum=0,
        maximum=DB_INT_MAX,
        message=_l("Enter an inventory from 0 to %(max)s.", max=f"{DB_INT_MAX:,}"),
        validators=[Optional()],
    )
    impressions_per_slot = BoundedIntegerField(
        _l("Impressions per slot"),
        minimum=1,
        maximum=DB_INT_MAX,
        message=_l("Enter from 1 to %(max)s impressions.", max=f"{DB_INT_MAX:,}"),
        validators=[Optional()],
    )
    half_spend = FiniteDecimalField(
        _l("Saturation: spend at which the response halves"),
        places=2,
        minimum=0,
        maximum=999_999_999_999,
        message=_l("Enter a spend from 0 to 999,999,999,999."),
        validators=[Optional()],
    )
    curve_points = TextAreaField(
        _l("Response curve: one “spend, clicks” pair per line, from 0, 0"),
        validators=[Optional()],
    )
    prior_ctr = FiniteFloatField(
        _l("Prior click-through rate (0 to 1)"),
        minimum=0,
        maximum=1,
        message=_l("Enter a click-through rate from 0 to 1, like 0.02."),
        validators=[Optional()],
    )
    prior_cvr = FiniteFloatField(
        _l("Prior conversion rate (0 to 1)"),
        minimum=0,
        maximum=1,
        message=_l("Enter a conversion rate from 0 to 1, like 0.03."),
        validators=[InputRequired(_l("Enter the conversion rate."))],
    )
    prior_aov = FiniteDecimalField(
        _l("Prior average order value"),
        places=2,
        minimum=0,
        maximum=9_999_999_999,
        message=_l("Enter an order value from 0 to 9,999,999,999."),
        validators=[InputRequired(_l("Enter the order value."))],
    )
    prior_strength = BoundedIntegerField(
        _l("Prior strength (pseudo-observations)"),
        default=100,
        minimum=1,
        maximum=1_000_000,
        message=_l("Enter a prior strength from 1 to 1,000,000."),
        validators=[InputRequired(_l("Enter the prior strength."))],
    )
    save = SubmitField(_l("Save placement"))

    def points(self) -> list | None:
        text = (self.curve_points.data or "").strip()
        if not text:
            return None
        pairs = []
        for number, line in enumerate(text.splitlines(), start=1):
            parts = [part.strip() for part in line.replace(";", ",").split(",") if part.strip()]
            numbers = [parse_decimal(part) for part in parts]
            try:
                spend, clicks = (float(number) for number in numbers)  # type: ignore[arg-type]
            except (ValueError, TypeError):
                raise ValidationError(
                    _l("Line %(line)d: write it as “spend, clicks”, like 1000, 800.", line=number)
                ) from None
            pairs.append([spend, clicks])
        return pairs

    def validate_curve_points(self, field):
        self.points()  # raises with the line at fault

    def __init__(self, *args, placement_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement_id = placement_id

    def problems(self) -> dict[str, list[str]]:
        """The optimizer's own validation of the placement, and a code no other one uses,
        found in the same round as the fields' own problems."""
        from .services import placement_problems

        found = placement_problems(self) if not self.curve_points.errors else {}
        if self.code.data:
            taken = db.session.scalar(select(Placement.id).where(Placement.code == self.code.data))
            if taken not in (None, self.placement_id):
                found.setdefault("code", []).append(_l("Another placement has this code."))
        return found
