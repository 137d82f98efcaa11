from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SubmitField


class SalesImportForm(FlaskForm):
    file = FileField("Sales CSV file")
    upload = SubmitField("Import sales")
