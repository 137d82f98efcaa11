from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField

from ..forms import FileField


class SalesImportForm(FlaskForm):
    file = FileField(_l("Sales CSV file"))
    upload = SubmitField(_l("Import sales"))
