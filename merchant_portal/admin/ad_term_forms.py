from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ..forms import one_line
from ..onboarding.products.ad_terms import TERM_MAX


class AbsoluteTermForm(FlaskForm):
    term = StringField(
        _l("Term"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Type the term to add.")),
            Length(max=TERM_MAX, message=_l("At most %(max)s characters.", max=TERM_MAX)),
        ],
    )
    add = SubmitField(_l("Add term"))
