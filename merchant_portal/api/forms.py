from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import strip_text
from .models import SCOPES


class TokenForm(FlaskForm):
    name = StringField(
        _l("What the token is for"),
        validators=[
            DataRequired(_l("Name the token, e.g. “marketplace nightly sales”.")),
            Length(max=80, message=_l("At most 80 characters.")),
        ],
        filters=[strip_text],
    )
    scopes = SelectMultipleField(
        _l("Scopes"),
        choices=[SelectChoice(code, label) for code, label in SCOPES.items()],
        validators=[DataRequired(_l("Choose at least one scope."))],
        option_widget=CheckboxInput(),
        widget=ListWidget(prefix_label=False),
    )
    issue = SubmitField(_l("Issue token"))
