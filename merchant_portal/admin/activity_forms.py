import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from ..edit_version import seen_field
from ..forms import (
    BoundedIntegerField,
    CheckboxList,
    FiniteDecimalField,
    form_key_field,
    one_line,
    strip_text,
)
from ..i18n.lengths import ScriptLength
from ..onboarding.catalog import broad_category_choices
from ..timeutil import from_market_time, market_time

WHEN = "%Y-%m-%dT%H:%M"
FIRST_YEAR, LAST_YEAR = 2000, 2099
OUT_OF_RANGE = _l("Enter a time between 2000 and 2099.")
LONG_YEAR = re.compile(r"\s*\d{5,}-")


class MarketTimeField(DateTimeLocalField):
    """Typed and shown on the marketplace's clock, as merchants' pages show it; kept in UTC
    like every stored time (typed as UTC, a 00:00 start read 08:00 on every other page)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            if valuelist and LONG_YEAR.match(str(valuelist[0])):  # 215000-01-01T00:00
                raise ValueError(OUT_OF_RANGE) from None
            raise
        if self.data is None:
            return
        # a promotion of this century: before 1901 the zone's offset is not a whole quarter
        # hour, and 0001-01-01 had no UTC time to store at all
        if not FIRST_YEAR <= self.data.year <= LAST_YEAR:
            self.data = None
            raise ValueError(OUT_OF_RANGE)
        self.data = from_market_time(self.data)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return market_time(self.data).strftime(WHEN) if self.data else ""


def moment(label, required) -> MarketTimeField:
    return MarketTimeField(label, format=WHEN, validators=[InputRequired(required)])


class ActivityForm(FlaskForm):
    form_key = form_key_field()
    seen = seen_field()  # activity_saving.activity_version
    name = StringField(
        _l("Name"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Name the promotion.")),
            ScriptLength(3, 120, message=_l("Between 3 and 120 characters.")),  # 双11: 3 is enough
        ],
    )
    name_zh = StringField(
        _l("Chinese name (shown on Chinese pages)"),
        filters=[one_line],
        validators=[Optional(), Length(max=120, message=_l("At most 120 characters."))],
    )
    description = TextAreaField(
        _l("Description for merchants"),
        filters=[strip_text],
        validators=[Length(max=2000, message=_l("At most 2,000 characters."))],
    )
    registration_opens_at = moment(_l("Registration opens"), _l("Enter when: registration opens."))
    registration_closes_at = moment(
        _l("Registration closes"), _l("Enter when: registration closes.")
    )
    starts_at = moment(_l("Promotion starts"), _l("Enter when: promotion starts."))
    ends_at = moment(_l("Promotion ends"), _l("Enter when: promotion ends."))
    categories = CheckboxList(
        _l("Categories (none ticked: every category)"),
        choices=[],
    )
    min_discount_pct = FiniteDecimalField(
        _l("Minimum discount (%)"),
        places=2,
        minimum=0,
        maximum=90,
        percent=True,
        message=_l("Between 0% and 90%."),
        validators=[InputRequired(_l("Enter the minimum discount."))],
    )
    min_promo_stock = BoundedIntegerField(
        _l("Minimum promo stock"),
        minimum=0,
        maximum=1_000_000,
        message=_l("Enter a stock from 0 to 1,000,000."),
        validators=[InputRequired(_l("Enter the minimum stock."))],
    )
    max_products_per_store = BoundedIntegerField(
        _l("Most products per store (empty: no limit)"),
        minimum=1,
        maximum=10_000,
        message=_l("Enter from 1 to 10,000 products, or leave it empty."),
        validators=[Optional()],
    )
    save = SubmitField(_l("Save promotion"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories.choices = broad_category_choices()

    def validate_registration_closes_at(self, field):
        opens = self.registration_opens_at.data
        if opens and field.data and field.data <= opens:
            raise ValidationError(_l("Registration must close after it opens."))
        # registrations are reviewed before the promotion goes live: none arrive after it has
        starts = self.starts_at.data
        if starts and field.data and field.data > starts:
            raise ValidationError(_l("Registration must close by the time the promotion starts."))

    def validate_starts_at(self, field):
        opens = self.registration_opens_at.data
        if opens and field.data and field.data < opens:
            raise ValidationError(_l("The promotion cannot start before registration opens."))

    def validate_ends_at(self, field):
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The promotion must end after it starts."))
