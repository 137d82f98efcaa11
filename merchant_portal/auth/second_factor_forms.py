from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ..forms import one_line


def code_field(label) -> StringField:
    return StringField(
        label,
        filters=[one_line],
        validators=[
            DataRequired(_l("Type the code your authenticator app shows.")),
            Length(max=32, message=_l("A code has 6 digits, a recovery code 10 letters.")),
        ],
    )


class SecondStepForm(FlaskForm):
    """After the password: the app's code, or a recovery code."""

    code = code_field(_l("Code from your authenticator app, or a recovery code"))
    submit = SubmitField(_l("Continue"))


class TurnOnForm(FlaskForm):
    code = code_field(_l("Code from your authenticator app"))
    submit = SubmitField(_l("Turn on two-step sign-in"))


class TurnOffForm(FlaskForm):
    code = code_field(_l("Code from your authenticator app, or a recovery code"))
    submit = SubmitField(_l("Turn off two-step sign-in"))


class RenewCodesForm(FlaskForm):
    code = code_field(_l("Code from your authenticator app, or a recovery code"))
    submit = SubmitField(_l("Make new recovery codes"))
