"""Form pieces shared by every feature."""

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


def strip_text(value):
    return value.strip() if isinstance(value, str) else value


def normalise_email(value):
    return value.strip().lower() if isinstance(value, str) else value


class EmptyForm(FlaskForm):
    """For button-only POSTs (log out, deactivate): carries the CSRF token and nothing else."""


class CheckboxList(SelectMultipleField):
    """A multiple choice shown as checkboxes (review reasons, a promotion's categories)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
