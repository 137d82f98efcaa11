from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    SelectChoice,
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

from ..forms import BoundedIntegerField, CheckboxList, FiniteDecimalField, strip_text
from ..onboarding.catalog import CATEGORIES

WHEN = "%Y-%m-%dT%H:%M"


def moment(label: str) -> DateTimeLocalField:
    return DateTimeLocalField(
        label, format=WHEN, validators=[InputRequired(f"Enter when: {label.lower()}.")]
    )


class ActivityForm(FlaskForm):
    name = StringField(
        "Name",
        filters=[strip_text],
        validators=[DataRequired("Name the promotion."), Length(3, 120)],
    )
    description = TextAreaField(
        "Description for merchants", filters=[strip_text], validators=[Length(max=2000)]
    )
    registration_opens_at = moment("Registration opens")
    registration_closes_at = moment("Registration closes")
    starts_at = moment("Promotion starts")
    ends_at = moment("Promotion ends")
    categories = CheckboxList(
        "Categories (none ticked: every category)", choices=[SelectChoice(c, c) for c in CATEGORIES]
    )
    min_discount_pct = FiniteDecimalField(
        "Minimum discount (%)",
        places=2,
        minimum=0,
        maximum=90,
        message="Between 0% and 90%.",
        validators=[InputRequired("Enter the minimum discount.")],
    )
    min_promo_stock = BoundedIntegerField(
        "Minimum promo stock",
        minimum=0,
        maximum=1_000_000,
        message="Enter a stock from 0 to 1,000,000.",
        validators=[InputRequired("Enter the minimum stock.")],
    )
    max_products_per_store = BoundedIntegerField(
        "Most products per store (empty: no limit)",
        minimum=1,
        maximum=10_000,
        message="Enter from 1 to 10,000 products, or leave it empty.",
        validators=[Optional()],
    )
    save = SubmitField("Save promotion")

    def validate_registration_closes_at(self, field):
        opens = self.registration_opens_at.data
        if opens and field.data and field.data <= opens:
            raise ValidationError("Registration must close after it opens.")

    def validate_starts_at(self, field):
        opens = self.registration_opens_at.data
        if opens and field.data and field.data < opens:
            raise ValidationError("The promotion cannot start before registration opens.")

    def validate_ends_at(self, field):
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError("The promotion must end after it starts.")
