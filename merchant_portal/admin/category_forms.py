from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField

from ..forms import FileField


class CategoryFileForm(FlaskForm):
    file = FileField(_l("Category file (.xlsx or CSV)"))
    upload = SubmitField(_l("Check and import"))
