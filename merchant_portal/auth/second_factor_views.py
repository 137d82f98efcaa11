"""Two-step sign-in: the code asked after the password, and the staff's page to turn it on."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import Role, public, roles_required
from ..extensions import db, limiter
from ..next_url import same_site_path
from . import bp
from .pending_sign_in import forget_pending, pending_user
from .recovery_codes import codes_left
from .second_factor import (
    LOCK,
    Outcome,
    check_code,
    new_secret,
    provisioning_uri,
    qr_data_uri,
    renew_recovery_codes,
    required_for,
    turn_off,
    turn_on,
)
from .second_factor_forms import RenewCodesForm, SecondStepForm, TurnOffForm, TurnOnForm
from .services import record_login
from .views import home_url, login_limit, sign_in

SETUP_SECRET = "second_factor_setup_secret"  # noqa: S105 (a session key)


def code_problem(outcome: Outcome) -> str:
    return {
        Outcome.WRONG: _("That code is not right. Type the code your app shows now."),
        Outcome.REPLAYED: _("That code was already used. Wait for the next one in your app."),
        Outcome.LOCKED: _(
            "Too many wrong codes. Wait %(minutes)d minutes, then try again.",
            minutes=LOCK.seconds // 60,
        ),
    }[outcome]


@bp.route("/login/code", methods=["GET", "POST"])
@public
@limiter.limit(login_limit, methods=["POST"])
def second_step():
    if current_user.is_authenticated:
        return redirect(home_url())
    user, pending = pending_user()
    if user is None:
        forget_pending()
        flash(_("Log in with your password first."), "info")
        return redirect(url_for("auth.login"))
    form = SecondStepForm()
    if form.validate_on_submit():
        outcome = check_code(user, form.code.data)
        if outcome == Outcome.ACCEPTED:
            record_login(user)
            db.session.commit()
            forget_pending()
            sign_in(user, remember=pending.get("remember", False))
            if codes_left(user.id) <= 2:
                flash(_("Few recovery codes left: make new ones on your two-step sign-in page."),
                      "warning")  # fmt: skip
            return redirect(same_site_path(pending.get("next")) or home_url())
        db.session.commit()  # the failure counts, whatever happens next
        form.code.errors.append(code_problem(outcome))
        return render_template("auth/second_step.html", form=form), (
            429 if outcome == Outcome.LOCKED else 401
        )
    return render_template("auth/second_step.html", form=form), 400 if form.is_submitted() else 200


STAFF = (Role.REVIEWER, Role.PLANNER, Role.ADMIN)


@bp.route("/account/two-step", methods=["GET", "POST"])
@roles_required(*STAFF)
def second_factor():
    user = current_user._get_current_object()
    if user.has_second_factor:
        return _status_page(user)
    secret = session.get(SETUP_SECRET)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = session[SETUP_SECRET] = new_secret()
    form = TurnOnForm()
    status = 200
    if form.validate_on_submit():
        codes = turn_on(user, secret, form.code.data)
        if codes is not None:
            db.session.commit()
            session.pop(SETUP_SECRET, None)
            return render_template("auth/recovery_codes.html", codes=codes, first=True)
        form.code.errors.append(
            _("That code does not match. Check the phone's clock and type the code showing now.")
        )
    if form.is_submitted():
        status = 400
    uri = provisioning_uri(user, secret)
    return render_template("auth/second_factor_setup.html", form=form, secret=secret,
                           qr=qr_data_uri(uri), required=required_for(user)), status  # fmt: skip


def _status_page(user, off=None, renew=None, status=200):
    return render_template(
        "auth/second_factor.html",
        off=off or TurnOffForm(prefix="off", formdata=None),
        renew=renew or RenewCodesForm(prefix="renew", formdata=None),
        codes_left=codes_left(user.id),
        required=required_for(user),
    ), status


@bp.route("/account/two-step/recovery-codes", methods=["POST"])
@roles_required(*STAFF)
def renew_codes():
    user = current_user._get_current_object()
    if not user.has_second_factor:
        return redirect(url_for("auth.second_factor"))
    form = RenewCodesForm(prefix="renew")
    if form.validate_on_submit():
        outcome = check_code(user, form.code.data)
        if outcome == Outcome.ACCEPTED:
            codes = renew_recovery_codes(user)
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=codes, first=False)
        db.session.commit()
        form.code.errors.append(code_problem(outcome))
    return _status_page(user, renew=form, status=400)


@bp.route("/account/two-step/off", methods=["POST"])
@roles_required(*STAFF)
def turn_off_second_factor():
    user = current_user._get_current_object()
    if not user.has_second_factor:
        return redirect(url_for("auth.second_factor"))
    if required_for(user):
        flash(_("Administrators always sign in with a second factor."), "error")
        return redirect(url_for("auth.second_factor"))
    form = TurnOffForm(prefix="off")
    if form.validate_on_submit():
        outcome = check_code(user, form.code.data)
        if outcome == Outcome.ACCEPTED:
            turn_off(user)
            db.session.commit()
            flash(_("Two-step sign-in is off. Your password alone signs you in."), "info")
            return redirect(url_for("auth.second_factor"))
        db.session.commit()
        form.code.errors.append(code_problem(outcome))
    return _status_page(user, off=form, status=400)


# What an admin without a second factor may still open: the set-up page and the way out.
OPEN_BEFORE_SET_UP = {"auth.second_factor", "auth.logout", "i18n.switch_language", "static"}


def admins_set_up_second_factor():
    """Admins sign in with two steps: one without a factor yet is sent to set it up first."""
    if request.endpoint in OPEN_BEFORE_SET_UP or request.endpoint is None:
        return None
    if not current_user.is_authenticated or not required_for(current_user):
        return None
    if current_user.has_second_factor:
        return None
    target = url_for("auth.second_factor")
    if request.headers.get("HX-Request"):
        return "", 401, {"HX-Redirect": target}
    flash(_("Administrators sign in with a second factor: set yours up to carry on."), "info")
    return redirect(target)
