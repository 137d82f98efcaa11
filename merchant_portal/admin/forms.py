from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, SubmitField

from ..access import STAFF_ROLES
from ..auth.forms import email_field, ensure_email_unused


class StaffAccountForm(FlaskForm):
    email = email_field()
    role = SelectField(_l("Role"), validate_choice=True)
    submit = SubmitField(_l("Create account and email a set-password link"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # named per request, so each role reads in the admin's language
        self.role.choices = [SelectChoice(role.value, role.label) for role in STAFF_ROLES]

    def validate_email(self, field):
        ensure_email_unused(field.data)
