"""Changes to accounts. Each function stages its changes; the view commits once."""

from flask import url_for
from sqlalchemy import select

from ..access import Role
from ..extensions import db
from ..mail import send_mail
from ..onboarding.store.services import open_store
from ..timeutil import utcnow
from .models import User
from .tokens import make_reset_token, make_signup_token


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def register_merchant(email: str, password: str, store_name: str) -> User:
    user = User(email=email, role=Role.MERCHANT)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    open_store(user, store_name)
    return user


def request_signup(email: str, store_name: str) -> None:
    """Mails the link that opens the store, or, if the address already has an account, tells
    its owner so; the person signing up is told the same either way (no account enumeration)."""
    user = find_user_by_email(email)
    if user is None:
        link = url_for(
            "auth.open_store", token=make_signup_token(email, store_name), _external=True
        )
        send_mail(
            email,
            "Open your store on the merchant portal",
            f"Choose your password here to open “{store_name}” (the link works for a day):\n"
            f"{link}\n\nIf you did not sign up, ignore this message: nothing was created.\n",
        )
        return
    reset = url_for("auth.request_reset", _external=True)
    send_mail(
        user.email,
        "Someone tried to sign up with your address",
        "Someone asked to open a store with this address, which already has an account on the "
        f"merchant portal. If it was you, log in instead: {url_for('auth.login', _external=True)}"
        f"\nForgotten your password? Ask for a new one here: {reset}\n\n"
        "If it was not you, ignore this message: nothing was changed.\n",
    )


def create_staff_user(email: str, role: Role, password: str | None = None) -> User:
    """A staff account; without a password the person sets one through an emailed link."""
    if role == Role.MERCHANT:
        raise ValueError("merchants sign up themselves")
    user = User(email=email, role=role)
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    if not password:
        link = url_for("auth.reset_password", token=make_reset_token(user), _external=True)
        send_mail(
            email,
            "Your merchant portal account",
            f"An administrator created a {role.label} account for you.\n\n"
            f"Choose your password here (the link works once, for one hour):\n{link}\n",
        )
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()


def send_password_reset(email: str) -> None:
    """Mails a reset link if the account exists; says nothing either way to the requester."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    link = url_for("auth.reset_password", token=make_reset_token(user), _external=True)
    send_mail(
        user.email,
        "Reset your merchant portal password",
        "Someone asked to reset the password of this account. If it was you, choose a new "
        f"password here (the link works once, for one hour):\n{link}\n\n"
        "If it was not you, ignore this message: your password is unchanged.\n",
    )


def set_active(user: User, active: bool) -> None:
    user.active = active
    if not active:
        user.end_other_sessions()
