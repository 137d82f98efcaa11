from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField
from wtforms.validators import InputRequired

from ..forms import BoundedIntegerField
from ..growth.health_line import HIGHEST, LOWEST


class HealthLineForm(FlaskForm):
    line = BoundedIntegerField(
        _l("Recall stores whose health score is below"),
        minimum=LOWEST,
        maximum=HIGHEST,
        message=_l("Enter a score from 1 to 1,000."),
        number_message=_l("Enter a score from 1 to 1,000."),
        validators=[InputRequired(_l("Enter a score from 1 to 1,000."))],
    )
    save = SubmitField(_l("Save the line"))
