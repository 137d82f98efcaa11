from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from ..access import Role, public, signed_in
from ..extensions import db, limiter
from ..forms import EmptyForm
from . import bp
from .forms import (
    EMAIL_TAKEN,
    ChangePasswordForm,
    LoginForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignupForm,
)
from .passwords import DUMMY_HASH, password_matches
from .services import (
    EmailTaken,
    find_user_by_email,
    record_login,
    register_merchant,
    send_password_reset,
)
from .tokens import user_for_reset_token

HOME_BY_ROLE = {
    Role.MERCHANT: "onboarding.checklist",
    Role.REVIEWER: "review.queue",
    Role.PLANNER: "budget.placements",
    Role.ADMIN: "admin.users",
}


def home_url() -> str:
    return url_for(HOME_BY_ROLE[current_user.role])


def safe_next_url(target: str | None) -> str | None:
    """Only same-site paths, so a crafted link cannot bounce a fresh login elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


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
def signup():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = register_merchant(form.email.data, form.password.data, form.store_name.data)
        except EmailTaken:  # signed up a moment ago, between the form's check and the insert
            db.session.rollback()
            form.email.errors.append(EMAIL_TAKEN)
            return render_template("auth/signup.html", form=form), 400
        record_login(user)
        db.session.commit()
        login_user(user)
        flash(f"Welcome! Your store “{form.store_name.data}” is ready to set up.", "success")
        return redirect(url_for("onboarding.checklist"))
    return render_template("auth/signup.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = find_user_by_email(form.email.data)
        if user is None:
            password_matches(DUMMY_HASH, form.password.data)  # same time as a real check
        elif user.check_password(form.password.data):
            if not user.active:
                form.email.errors.append("This account has been deactivated. Ask an admin.")
                return render_template("auth/login.html", form=form), 403
            record_login(user)
            db.session.commit()
            login_user(user, remember=form.remember.data)
            return redirect(safe_next_url(request.args.get("next")) or home_url())
        form.password.errors.append("Wrong email or password.")
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@signed_in
def logout():
    if EmptyForm().validate_on_submit():
        logout_user()
        flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()  # the real User, not the proxy
        if not user.check_password(form.current_password.data):
            form.current_password.errors.append("That is not your current password.")
            return render_template("auth/change_password.html", form=form), 400
        user.set_password(form.password.data)  # also ends every other session
        db.session.commit()
        login_user(user)  # this session carries on with the new session token
        flash("Password changed. Your other sessions have been logged out.", "success")
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
            "If an account uses that address, a reset link is on its way. "
            "It works once, for one hour.",
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
        flash("This reset link has expired or was already used. Ask for a new one.", "error")
        return redirect(url_for("auth.request_reset"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data)
        db.session.commit()
        if current_user.is_authenticated:
            logout_user()
        flash("Your password is set. Log in with it now.", "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
