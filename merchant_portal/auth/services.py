"""Changes to accounts. Each function stages its changes; the view commits once."""

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..access import Role
from ..audit import audit
from ..extensions import db
from ..i18n import in_language_of
from ..mail import send_mail
from ..timeutil import utcnow
from ..transitions import move_once
from .models import User, new_session_token
from .passwords import hash_password
from .pending_signup import RESEND_AFTER, last_signup_link
from .signals import merchant_signed_up, rights_lost
from .tokens import make_reset_token, make_signup_token


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


class EmailTaken(ValueError):
    """Another account has this email: the database's unique index said so, which also holds
    when two sign-ups with one email arrive at the same moment."""


def _insert_account(user: User) -> None:
    savepoint = db.session.begin_nested()
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        savepoint.rollback()
        raise EmailTaken(user.email) from None
    savepoint.commit()


def register_merchant(
    email: str, password: str, store_name: str, locale: str | None = None
) -> User:
    """Raises EmailTaken when the email is already used. ``locale``: the language the person
    signed up in, which their mail speaks until they choose another."""
    user = User(email=email, role=Role.MERCHANT, locale=locale)
    user.set_password(password)
    _insert_account(user)
    if not merchant_signed_up.receivers:  # a merchant without a store could do nothing
        raise RuntimeError(
            "nothing opens a new merchant's store: import merchant_portal.onboarding"
        )
    merchant_signed_up.send(user, store_name=store_name)
    audit(
        actor_id=user.id,
        subject_kind="account",
        subject_id=user.id,
        action="sign_up",
        detail={"email": email, "role": Role.MERCHANT.value},
    )
    return user


def register_invited_merchant(email: str, password: str, locale: str | None = None) -> User:
    """An account for someone a store's owner invited: it joins that store, so no store of its
    own opens. Raises EmailTaken when the email is already used."""
    user = User(email=email, role=Role.MERCHANT, locale=locale)
    user.set_password(password)
    _insert_account(user)
    audit(
        actor_id=user.id,
        subject_kind="account",
        subject_id=user.id,
        action="sign_up",
        detail={"email": email, "role": Role.MERCHANT.value, "invited": True},
    )
    return user


@dataclass(frozen=True)
class SignupAnswer:
    """What became of a sign-up: "sent" (a link, or a note to an existing account: the same
    words either way), "pending" (a link already went out: nothing sent) or "too_soon" (a
    resend asked within minutes of the last). ``mailed_at``: the newest link's time."""

    outcome: str
    mailed_at: datetime | None = None

    @property
    def resend_from(self) -> datetime | None:
        return self.mailed_at + RESEND_AFTER if self.mailed_at else None


def request_signup(email: str, store_name: str, resend: bool = False) -> SignupAnswer:
    """Mails the link that opens the store, or, if the address already has an account, tells
    its owner so; the person signing up is told the same either way (no account enumeration).
    A link still valid for the address is not mailed again unless asked, and not within
    RESEND_AFTER of the last (one address cannot be flooded)."""
    user = find_user_by_email(email)
    now = utcnow()
    last = last_signup_link(email, now) if user is None else None
    if last is not None and not resend:
        return SignupAnswer("pending", last)
    if last is not None and now - last < RESEND_AFTER:
        return SignupAnswer("too_soon", last)
    if user is None:
        link = url_for(
            "auth.open_store", token=make_signup_token(email, store_name), _external=True
        )
        # no account yet: the language the person is signing up in
        send_mail(
            email,
            _("Open your store on the merchant portal"),
            _(
                "Choose your password here to open “%(store)s” (the link works for a day):\n"
                "%(link)s\n\nIf you did not sign up, ignore this message: nothing was created.\n",
                store=store_name,
                link=link,
            ),
        )
        return SignupAnswer("sent", now)
    reset = url_for("auth.request_reset", _external=True)
    with in_language_of(user):
        send_mail(
            user.email,
            _("Someone tried to sign up with your address"),
            _(
                "Someone asked to open a store with this address, which already has an account on "
                "the merchant portal. If it was you, log in instead: %(login)s\n"
                "Forgotten your password? Ask for a new one here: %(reset)s\n\n"
                "If it was not you, ignore this message: nothing was changed.\n",
                login=url_for("auth.login", _external=True),
                reset=reset,
            ),
        )
    return SignupAnswer("sent")


def create_staff_user(
    email: str, role: Role, password: str | None = None, actor: User | None = None
) -> User:
    """A staff account; without a password the person sets one through an emailed link.
    Raises EmailTaken when the email is already used."""
    if role == Role.MERCHANT:
        raise ValueError("merchants sign up themselves")  # a programming error, not shown
    user = User(email=email, role=role)
    if password:
        user.set_password(password)
    _insert_account(user)
    audit(
        actor_id=actor.id if actor else None,
        subject_kind="account",
        subject_id=user.id,
        action="create_account",
        detail={"email": email, "role": role.value},
    )
    if not password:
        link = url_for("auth.reset_password", token=make_reset_token(user), _external=True)
        with in_language_of(user):
            send_mail(
                email,
                _("Your merchant portal account"),
                _(
                    "An administrator created a %(role)s account for you.\n\n"
                    "Choose your password here (the link works once, for one hour):\n%(link)s\n",
                    role=role.label,
                    link=link,
                ),
            )
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    audit(actor_id=user.id, subject_kind="account", subject_id=user.id, action="log_in",
          detail={"email": user.email, "address": _client_address()})  # fmt: skip


def record_failed_login(email: str, user: User | None, reason: str) -> None:
    """A refused log-in, on the account it named (subject 0 when no account has that
    address), so an admin can see guessing as it happens."""
    audit(
        actor_id=None,
        subject_kind="account",
        subject_id=user.id if user else 0,
        action="log_in_failed",
        detail={"email": (email or "")[:254], "reason": reason, "address": _client_address()},
    )


def _client_address() -> str | None:
    from flask import has_request_context, request

    return request.remote_addr if has_request_context() else None


def send_password_reset(email: str) -> None:
    """Mails a reset link if the account exists; says nothing either way to the requester."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        return
    link = url_for("auth.reset_password", token=make_reset_token(user), _external=True)
    with in_language_of(user):
        send_mail(
            user.email,
            _("Reset your merchant portal password"),
            _(
                "Someone asked to reset the password of this account. If it was you, choose a new "
                "password here (the link works once, for one hour):\n%(link)s\n\n"
                "If it was not you, ignore this message: your password is unchanged.\n",
                link=link,
            ),
        )


def set_active(user: User, active: bool, actor: User | None = None) -> bool:
    """False when the account already was so: two admins' clicks at the same moment both saw
    it active and each wrote a 'deactivate' event (and handed the book over twice); one
    conditional update lets one of them through."""
    was = not active
    values = {"active": active}
    if not active:
        values["session_token"] = new_session_token()  # signs it out everywhere
    if not move_once(user, "active", (was,), **values):
        return False
    if not active:
        rights_lost.send(user, actor=actor, reason="issuer deactivated")
    audit(
        actor_id=actor.id if actor else None,
        subject_kind="account",
        subject_id=user.id,
        action="reactivate" if active else "deactivate",
        from_state="active" if was else "inactive",
        to_state="active" if active else "inactive",
        detail={"email": user.email},
    )
    return True


def change_role(user: User, role: Role, actor: User) -> None:
    """Staff move between staff roles; a merchant's account belongs to their store."""
    if user.role == Role.MERCHANT or role == Role.MERCHANT:
        raise ValueError("merchants and staff accounts do not change into each other")
    was = user.role
    user.role = role
    if was == Role.ADMIN and role != Role.ADMIN:
        rights_lost.send(user, actor=actor, reason="issuer left the admin role")
    audit(
        actor_id=actor.id,
        subject_kind="account",
        subject_id=user.id,
        action="change_role",
        from_state=was.value,
        to_state=role.value,
        detail={"email": user.email},
    )


class LinkUsed(Exception):
    """The reset link was used (or the password changed) a moment ago, by another request."""


def set_password(user: User, password: str, how: str) -> None:
    """A new password (``how``: "change_password" with the old one, "reset_password" by a
    mailed link), which ends the account's other sessions; audited, as every change is.

    A reset link carries the session token it was made for and works once: the token is
    replaced by a conditional update, so the same link sent twice at once sets one password
    and the other request gets LinkUsed."""
    if how == "reset_password":
        link_token = user.session_token
        if not move_once(user, "session_token", (link_token,), session_token=new_session_token(),
                         password_hash=hash_password(password)):  # fmt: skip
            raise LinkUsed(user.id)
    else:
        user.set_password(password)
    audit(actor_id=user.id, subject_kind="account", subject_id=user.id, action=how,
          detail={"email": user.email, "other_sessions": "ended"})  # fmt: skip


def log_out(user: User) -> None:
    """Ends this session on the server (a new session token: a copied session or remember-me
    cookie stops working, the account's other devices sign in again); audited."""
    user.end_other_sessions()
    audit(actor_id=user.id, subject_kind="account", subject_id=user.id, action="log_out",
          detail={"email": user.email})  # fmt: skip
