from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from ..access import Role, public, signed_in
from ..extensions import db, limiter
from ..forms import EmptyForm
from ..next_url import same_site_path
from . import bp
from .forms import (
    ChangePasswordForm,
    LoginForm,
    OpenStoreForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignupForm,
)
from .passwords import DUMMY_HASH, password_matches
from .pending_sign_in import ask_for_second_factor
from .services import (
    EmailTaken,
    LinkUsed,
    find_user_by_email,
    log_out,
    record_failed_login,
    record_login,
    register_merchant,
    request_signup,
    send_password_reset,
    set_password,
)
from .tokens import signup_for_token, user_for_reset_token

HOME_BY_ROLE = {
    Role.MERCHANT: "onboarding.checklist",
    Role.REVIEWER: "review.queue",
    Role.PLANNER: "budget.placements",
    Role.ADMIN: "admin.users",
}


def home_url() -> str:
    return url_for(HOME_BY_ROLE[current_user.role])


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def login_account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def login_account_key() -> str:
    """The account a login names, as the form normalises it (unknown ones count too)."""
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


def login_failed(response) -> bool:
    return response.status_code != 302  # only a successful login redirects


def sign_in(user, remember: bool = False) -> None:
    """Starts a session: a fresh CSRF token, so one seen before login is worth nothing after."""
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)
    login_user(user, remember=remember)


def reset_limit() -> str:
    return current_app.config["RESET_RATE_LIMIT"]


@bp.route("/")
@public
def index():
    if current_user.is_authenticated:
        return redirect(home_url())
    return render_template("auth/welcome.html")


@bp.route("/signup", methods=["GET", "POST"])
@public
@limiter.limit(reset_limit, methods=["POST"])  # it sends mail to any address typed
def signup():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = SignupForm()
    if form.validate_on_submit():
        answer = request_signup(
            form.email.data, form.store_name.data, resend=request.form.get("resend") == "1"
        )
        db.session.commit()
        return render_template(
            "auth/signup_sent.html",
            email=form.email.data,
            store_name=form.store_name.data,
            answer=answer,
            resend_form=EmptyForm(),
        )
    return render_template("auth/signup.html", form=form)


@bp.route("/signup/<token>", methods=["GET", "POST"])
@public
@limiter.limit(reset_limit, methods=["POST"])
def open_store(token: str):
    """The mailed link: the person chooses a password and the store opens."""
    if current_user.is_authenticated:
        return redirect(home_url())
    signup = signup_for_token(token)
    if signup is None:
        flash(_("This sign-up link has expired. Sign up again for a new one."), "error")
        return redirect(url_for("auth.signup"))
    email, store_name = signup
    if find_user_by_email(email) is not None:
        flash(_("Your store is already open. Log in."), "info")
        return redirect(url_for("auth.login"))
    form = OpenStoreForm()
    if form.validate_on_submit():
        try:
            locale = str(get_locale())
            user = register_merchant(email, form.password.data, store_name, locale)
            record_login(user)
            db.session.commit()
        except (EmailTaken, IntegrityError):  # the same link opened twice at once: the first won
            db.session.rollback()
            flash(_("Your store is already open. Log in."), "info")
            return redirect(url_for("auth.login"))
        sign_in(user)
        flash(_("Welcome! Your store “%(store)s” is ready to set up.", store=store_name), "success")
        return redirect(url_for("onboarding.checklist"))
    return render_template("auth/open_store.html", form=form, email=email, store_name=store_name)


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(login_limit, methods=["POST"], deduct_when=login_failed)
@limiter.limit(
    login_account_limit, key_func=login_account_key, methods=["POST"], deduct_when=login_failed
)
def login():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        if user is None:
            password_matches(DUMMY_HASH, form.password.data)  # same time as a real check
            right = False
        else:
            right = user.check_password(form.password.data)
        if right and user.active:
            next_url = same_site_path(request.args.get("next"))
            if user.has_second_factor:  # the password is not enough: the code page next
                ask_for_second_factor(user, form.remember.data, next_url)
                return redirect(url_for("auth.second_step"))
            record_login(user)
            db.session.commit()
            sign_in(user, remember=form.remember.data)
            return redirect(next_url or home_url())
        # a deactivated account answers a right password as a wrong one, as an unknown
        # address does: the answer must not confirm a guess (the audit trail says which)
        reason = "unknown_email" if user is None else "deactivated" if not user.active else None
        record_failed_login(form.email.data, user, reason or "wrong_password")
        db.session.commit()
        form.password.errors.append(_("Wrong email or password."))
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    if EmptyForm().validate_on_submit():
        # A new session token kills this session's cookie and its remember-me cookie on the
        # server, should either have been copied; the user's other devices sign in again.
        log_out(current_user._get_current_object())
        db.session.commit()
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()  # the real User, not the proxy
        if not user.check_password(form.current_password.data):
            form.current_password.errors.append(_("That is not your current password."))
            return render_template("auth/change_password.html", form=form), 400
        set_password(user, form.password.data, "change_password")  # ends other sessions
        db.session.commit()
        sign_in(user)  # this session carries on with the new session token
        flash(_("Password changed. Your other sessions have been logged out."), "success")
        return redirect(home_url())
    return render_template("auth/change_password.html", form=form)


@bp.route("/reset", methods=["GET", "POST"])
@public
@limiter.limit(reset_limit, methods=["POST"])
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        send_password_reset(form.email.data)
        db.session.commit()
        flash(
            _(
                "If an account uses that address, a reset link is on its way. "
                "It works once, for one hour."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/request_reset.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
@limiter.limit(reset_limit, methods=["POST"])
def reset_password(token: str):
    user = user_for_reset_token(token)
    if user is None:
        flash(_("This reset link has expired or was already used. Ask for a new one."), "error")
        return redirect(url_for("auth.request_reset"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            set_password(user, form.password.data, "reset_password")
        except LinkUsed:  # the same link, sent twice at once: the other request used it
            db.session.rollback()
            flash(_("This reset link has expired or was already used. Ask for a new one."), "error")
            return redirect(url_for("auth.request_reset"))
        db.session.commit()
        if current_user.is_authenticated:
            logout_user()
        flash(_("Your password is set. Log in with it now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
