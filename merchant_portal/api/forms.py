from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import strip_text
from .models import SCOPES


class TokenForm(FlaskForm):
    name = StringField(
        "What the token is for",
        validators=[
            DataRequired("Name the token, e.g. “marketplace nightly sales”."),
            Length(max=80),
        ],
        filters=[strip_text],
    )
    scopes = SelectMultipleField(
        "Scopes",
        choices=[SelectChoice(code, label) for code, label in SCOPES.items()],
        validators=[DataRequired("Choose at least one scope.")],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )
    issue = SubmitField("Issue token")
