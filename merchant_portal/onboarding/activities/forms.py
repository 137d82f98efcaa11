from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectField, SubmitField
from wtforms.validators import DataRequired, InputRequired, NumberRange


class RegistrationForm(FlaskForm):
    product = SelectField(
        "Live product", coerce=int, validators=[DataRequired("Choose a product.")]
    )
    promo_price = DecimalField(
        "Promo price",
        places=2,
        validators=[
            InputRequired("Enter the promo price."),
            NumberRange(0.01, 1_000_000, "Enter a price between 0.01 and 1,000,000."),
        ],
    )
    promo_stock = IntegerField(
        "Promo stock",
        validators=[
            InputRequired("Enter how many units you commit to the promotion."),
            NumberRange(1, 1_000_000, "Enter from 1 to 1,000,000 units."),
        ],
    )
    register = SubmitField("Check and register")
