from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..extensions import db
from ..forms import normalise_email, strip_text
from .models import User

PASSWORD_MIN, PASSWORD_MAX = 10, 128


def email_field(label: str = "Email") -> EmailField:
    return EmailField(
        label,
        filters=[normalise_email],
        validators=[
            DataRequired("Enter your email address."),
            Length(max=254, message="An email address has at most 254 characters."),
            Email("Enter a valid email address, like name@example.com."),
        ],
    )


def new_password_field(label: str = "Password") -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired("Choose a password."),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=f"Use between {PASSWORD_MIN} and {PASSWORD_MAX} characters.",
            ),
        ],
    )


def confirm_field() -> PasswordField:
    return PasswordField(
        "Repeat the password",
        validators=[
            DataRequired("Repeat the password."),
            EqualTo("password", "The two passwords differ."),
        ],
    )


EMAIL_TAKEN = "An account with this email already exists: find it in the accounts list."


def ensure_email_unused(email: str) -> None:
    """For admins creating accounts; sign-up never says whether an address is taken."""
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise ValidationError(EMAIL_TAKEN)


class SignupForm(FlaskForm):
    """Email and store name; the password is chosen from the link we mail, which proves the
    address is theirs and lets sign-up answer the same whether or not the address is taken."""

    email = email_field()
    store_name = StringField(
        "Store name",
        filters=[strip_text],
        validators=[
            DataRequired("Give your store a name."),
            Length(min=2, max=80, message="A store name has 2 to 80 characters."),
        ],
    )
    submit = SubmitField("Create my store")


class OpenStoreForm(FlaskForm):
    password = new_password_field()
    confirm = confirm_field()
    submit = SubmitField("Open my store")


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(
        "Password",
        validators=[
            DataRequired("Enter your password."),
            Length(max=PASSWORD_MAX, message="Wrong email or password."),
        ],
    )
    remember = BooleanField("Keep me signed in on this device")
    submit = SubmitField("Log in")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[
            DataRequired("Enter your current password."),
            Length(max=PASSWORD_MAX, message="That is not your current password."),
        ],
    )
    password = new_password_field("New password")
    confirm = confirm_field()
    submit = SubmitField("Change password")


class ResetRequestForm(FlaskForm):
    email = email_field()
    submit = SubmitField("Send me a reset link")


class ResetPasswordForm(FlaskForm):
    password = new_password_field("New password")
    confirm = confirm_field()
    submit = SubmitField("Set my password")
