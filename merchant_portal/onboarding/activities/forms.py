from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.validators import DataRequired, InputRequired

from ...forms import BoundedIntegerField, FiniteDecimalField


class RegistrationForm(FlaskForm):
    product = SelectField(
        _l("Live product"), coerce=int, validators=[DataRequired(_l("Choose a product."))]
    )
    promo_price = FiniteDecimalField(
        _l("Promo price"),
        places=2,
        minimum="0.01",
        maximum=1_000_000,
        message=_l("Enter a price between 0.01 and 1,000,000."),
        validators=[InputRequired(_l("Enter the promo price."))],
    )
    promo_stock = BoundedIntegerField(
        _l("Promo stock"),
        minimum=1,
        maximum=1_000_000,
        message=_l("Enter from 1 to 1,000,000 units."),
        validators=[InputRequired(_l("Enter how many units you commit to the promotion."))],
    )
    register = SubmitField(_l("Check and register"))
