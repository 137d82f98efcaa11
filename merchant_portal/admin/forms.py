from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, SubmitField

from ..access import STAFF_ROLES
from ..auth.forms import email_field, ensure_email_unused


class StaffAccountForm(FlaskForm):
    email = email_field()
    role = SelectField(
        "Role",
        choices=[SelectChoice(role.value, role.label) for role in STAFF_ROLES],
        validate_choice=True,
    )
    submit = SubmitField("Create account and email a set-password link")

    def validate_email(self, field):
        ensure_email_unused(field.data)
