from flask_wtf import FlaskForm
from wtforms import HiddenField


class LanguageForm(FlaskForm):
    """The header's switch (base.html writes it by hand, so an error page never reads the
    request body): each language is a button carrying ``locale``; ``next`` the page."""

    locale = HiddenField()
    next = HiddenField()
