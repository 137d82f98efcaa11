from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..extensions import db
from ..forms import normalise_email, one_line
from ..i18n.lengths import ScriptLength
from .models import User

PASSWORD_MIN, PASSWORD_MAX = 10, 128


def email_field(label: str = _l("Email")) -> EmailField:
    return EmailField(
        label,
        filters=[normalise_email],
        validators=[
            DataRequired(_l("Enter your email address.")),
            Length(max=254, message=_l("An email address has at most 254 characters.")),
            Email(_l("Enter a valid email address, like name@example.com.")),
        ],
    )


def new_password_field(label: str = _l("Password")) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Choose a password.")),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=_l(
                    "Use between %(min)s and %(max)s characters.",
                    min=PASSWORD_MIN,
                    max=PASSWORD_MAX,
                ),
            ),
        ],
    )


def existing_password_field(label, required, wrong) -> PasswordField:
    """A password the person already has: ``required`` when left empty, ``wrong`` when longer
    than any password can be (said as a wrong password, never as a length rule)."""
    return PasswordField(
        label, validators=[DataRequired(required), Length(max=PASSWORD_MAX, message=wrong)]
    )


def confirm_field() -> PasswordField:
    return PasswordField(
        _l("Repeat the password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The two passwords differ.")),
        ],
    )


EMAIL_TAKEN = _l("An account with this email already exists: find it in the accounts list.")


def ensure_email_unused(email: str) -> None:
    """For admins creating accounts; sign-up never says whether an address is taken."""
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise ValidationError(EMAIL_TAKEN)


class SignupForm(FlaskForm):
    """Email and store name; the password is chosen from the link we mail, which proves the
    address is theirs and lets sign-up answer the same whether or not the address is taken."""

    email = email_field()
    store_name = StringField(
        _l("Store name"),
        filters=[one_line],
        validators=[
            DataRequired(_l("Give your store a name.")),
            ScriptLength(2, 80, message=_l("A store name has 2 to 80 characters.")),
        ],
    )
    submit = SubmitField(_l("Create my store"))


class OpenStoreForm(FlaskForm):
    password = new_password_field()
    confirm = confirm_field()
    submit = SubmitField(_l("Open my store"))


class LoginForm(FlaskForm):
    email = email_field()
    password = existing_password_field(
        _l("Password"), _l("Enter your password."), _l("Wrong email or password.")
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    submit = SubmitField(_l("Log in"))


class ChangePasswordForm(FlaskForm):
    current_password = existing_password_field(
        _l("Current password"),
        _l("Enter your current password."),
        _l("That is not your current password."),
    )
    password = new_password_field(_l("New password"))
    confirm = confirm_field()
    submit = SubmitField(_l("Change password"))


class ResetRequestForm(FlaskForm):
    email = email_field()
    submit = SubmitField(_l("Send me a reset link"))


class ResetPasswordForm(FlaskForm):
    password = new_password_field(_l("New password"))
    confirm = confirm_field()
    submit = SubmitField(_l("Set my password"))
