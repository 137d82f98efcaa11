from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SubmitField


class SalesImportForm(FlaskForm):
    file = FileField(_l("Sales CSV file"))
    upload = SubmitField(_l("Import sales"))
