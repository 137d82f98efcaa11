"""A store's monthly ad budget: set by its merchant on their ads page, or by a planner on the
store's results page. It puts the store in every platform run."""

from flask import abort, flash, redirect, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import SubmitField
from wtforms.validators import InputRequired, ValidationError

from ..access import AD_ROLES, Role, roles_required
from ..audit import audit
from ..auth.models import User
from ..extensions import db
from ..forms import FiniteDecimalField
from ..i18n import _, _l
from ..onboarding.queries import current_store
from ..timeutil import utcnow
from . import bp
from .access import PLANNERS, store_or_404
from .models import AdBudget
from .platform.covered import MIN_MONTHLY


class MoneyField(FiniteDecimalField):
    """Shown again as money is read elsewhere: ¥15,000.00, not 15000.00 (typed back as it is
    shown: the field reads ¥ and thousands separators)."""

    def _value(self):
        if self.raw_data or self.data is None:
            return super()._value()
        return f"¥{self.data:,.2f}"


class AdBudgetForm(FlaskForm):
    monthly = MoneyField(
        _l("Monthly ad budget (¥)"),
        places=2,
        minimum=0,
        maximum=999_999_999_999,
        message=_l("Enter from 0 to 999,999,999,999 (0 leaves the platform plan)."),
        validators=[InputRequired(_l("Enter the monthly ad budget."))],
    )
    save = SubmitField(_l("Save the ad budget"))

    def validate_monthly(self, field):
        # a week's share under a cent is a budget the optimizer refuses: it failed every run
        if field.data is not None and 0 < field.data < MIN_MONTHLY:
            raise ValidationError(
                _l(
                    "Enter at least ¥%(min)s a month (its weekly share is then ¥0.01), "
                    "or 0 to leave the plan.",
                    min=MIN_MONTHLY,
                )
            )


def ad_budget_form(store_id: int) -> AdBudgetForm:
    form = AdBudgetForm()
    if not form.is_submitted():
        kept = db.session.get(AdBudget, store_id)
        form.monthly.data = kept.monthly if kept else None
    return form


def who_set_it(store_id: int) -> tuple[str, object] | None:
    """Who set the store's monthly ad budget and when, in a merchant's words: "you", a
    colleague's address, or "business operations" for a planner (whose address is not
    theirs to see). None before anyone set one."""
    row = db.session.execute(
        select(User.id, User.email, User.role, AdBudget.updated_at)
        .join(User, User.id == AdBudget.set_by_id)
        .where(AdBudget.store_id == store_id)
    ).first()
    if row is None:
        return None
    user_id, email, role, when = row
    if user_id == current_user.id:
        who = _("you")
    elif role == Role.MERCHANT:
        who = email
    else:
        who = _("business operations")
    return who, when


def set_ad_budget(store_id: int, monthly, actor_id: int) -> None:
    """One row per store (its primary key): setting it again replaces it. Audited."""
    kept = db.session.get(AdBudget, store_id, with_for_update=True)
    before = str(kept.monthly) if kept else None
    if kept is None:
        savepoint = db.session.begin_nested()
        db.session.add(AdBudget(store_id=store_id, monthly=monthly, set_by_id=actor_id))
        try:
            savepoint.commit()
        except IntegrityError:  # the merchant and a planner set it at the same moment
            savepoint.rollback()
        kept = db.session.get(AdBudget, store_id, with_for_update=True, populate_existing=True)
    kept.monthly, kept.set_by_id, kept.updated_at = monthly, actor_id, utcnow()
    audit(
        actor_id=actor_id,
        subject_kind="store",
        subject_id=store_id,
        action="set_ad_budget",
        detail={"monthly": str(monthly), "before": before},
    )


def _save(store_id: int, back: str, refused):
    """``refused(form)`` shows the page again with what was typed and what is wrong."""
    form = AdBudgetForm()
    if not form.validate_on_submit():
        return refused(form)
    set_ad_budget(store_id, form.monthly.data, current_user.id)
    db.session.commit()
    flash(
        _("Monthly ad budget saved: the next platform plan includes the store.")
        if form.monthly.data > 0
        else _("Monthly ad budget set to 0: the platform plan leaves the store out."),
        "success",
    )
    return redirect(back)


@bp.route("/my-plans/ad-budget", methods=["POST"])
@roles_required(Role.MERCHANT, store=AD_ROLES)
def my_ad_budget():
    from .plans.new_plan_views import render_my_plans

    store = current_store() or abort(404)
    return _save(
        store.id, url_for("budget.my_plans"), lambda form: render_my_plans(store, form, 400)
    )


@bp.route("/stores/<int:store_id>/ad-budget", methods=["POST"])
@roles_required(*PLANNERS)
def store_ad_budget(store_id: int):
    from .results.views import render_results

    store = store_or_404(store_id)
    return _save(
        store.id,
        url_for("budget.results", store_id=store.id),
        lambda form: render_results(store, ad_form=form, status=400),
    )
