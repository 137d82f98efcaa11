from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField
from wtforms.validators import DataRequired, InputRequired

from ...forms import BoundedIntegerField, FiniteDecimalField


class RegistrationForm(FlaskForm):
    product = SelectField(
        "Live product", coerce=int, validators=[DataRequired("Choose a product.")]
    )
    promo_price = FiniteDecimalField(
        "Promo price",
        places=2,
        minimum="0.01",
        maximum=1_000_000,
        message="Enter a price between 0.01 and 1,000,000.",
        validators=[InputRequired("Enter the promo price.")],
    )
    promo_stock = BoundedIntegerField(
        "Promo stock",
        minimum=1,
        maximum=1_000_000,
        message="Enter from 1 to 1,000,000 units.",
        validators=[InputRequired("Enter how many units you commit to the promotion.")],
    )
    register = SubmitField("Check and register")
