from flask_wtf import FlaskForm
from wtforms import SubmitField

from ..forms import FileField


class SalesImportForm(FlaskForm):
    file = FileField("Sales CSV file")
    upload = SubmitField("Import sales")
