"""Admins' trust rules: listing changes approved on arrival, a share still spot-checked."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..access import Role, roles_required
from ..audit import audit
from ..extensions import db
from ..forms import EmptyForm
from ..pagination import paginate
from ..workflow.trust import TrustOutcome, TrustRule
from . import bp
from .rules_forms import TrustRuleForm

FIELDS = ("name", "max_price_change_pct", "allow_stock_change", "clean_decisions", "sample_pct")


def _outcomes(rule_ids: list[int]) -> dict[tuple[int, str], int]:
    """How many changes each rule approved and sent to spot checks: one statement a page."""
    if not rule_ids:
        return {}
    rows = db.session.execute(
        select(TrustOutcome.rule_id, TrustOutcome.outcome, func.count())
        .where(TrustOutcome.rule_id.in_(rule_ids))
        .group_by(TrustOutcome.rule_id, TrustOutcome.outcome)
    )
    return {(rule_id, outcome): count for rule_id, outcome, count in rows}


def _render_list(form, status=200):
    page = paginate(select(TrustRule).order_by(TrustRule.active.desc(), TrustRule.id))
    return render_template(
        "review/rules.html",
        form=form,
        page=page,
        outcomes=_outcomes([rule.id for rule in page.items]),
        toggle=EmptyForm(),
    ), status


def _render_edit(rule, form, status=200):
    return render_template("review/rule_form.html", rule=rule, form=form), status


def _taken(form, rule_id: int | None) -> bool:
    query = select(TrustRule.id).where(TrustRule.name == form.name.data)
    if rule_id is not None:
        query = query.where(TrustRule.id != rule_id)
    if db.session.scalar(query) is None:
        return False
    form.name.errors = [_("A rule named “%(name)s” exists already.", name=form.name.data)]
    return True


def _values(form) -> dict:
    return {name: getattr(form, name).data for name in (*FIELDS, "active")}


def _said(values: dict) -> dict:
    """The rule as the audit trail keeps it (numbers as text: the detail is JSON)."""
    return {k: (str(v) if v is not None and not isinstance(v, bool | int) else v)
            for k, v in values.items()}  # fmt: skip


@bp.route("/rules", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def rules():
    form = TrustRuleForm()
    if not form.validate_on_submit():
        return _render_list(form, 400 if form.errors else 200)
    if _taken(form, None):
        return _render_list(form, 400)
    rule = TrustRule(**_values(form))
    db.session.add(rule)
    try:
        db.session.flush()  # two admins naming two rules alike at once: the unique index
    except IntegrityError:
        db.session.rollback()
        form.name.errors = [_("A rule named “%(name)s” exists already.", name=form.name.data)]
        return _render_list(form, 400)
    audit(current_user.id, "trust_rule", rule.id, "create_trust_rule", detail=_said(_values(form)))
    db.session.commit()
    flash(_("Rule “%(name)s” saved.", name=rule.name), "success")
    return redirect(url_for("review.rules"))


@bp.route("/rules/<int:rule_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_rule(rule_id: int):
    rule = db.session.get(TrustRule, rule_id) or abort(404)
    form = TrustRuleForm(obj=rule)
    if not form.validate_on_submit():
        return _render_edit(rule, form, 400 if form.errors else 200)
    if _taken(form, rule.id):
        return _render_edit(rule, form, 400)
    before = _said({name: getattr(rule, name) for name in (*FIELDS, "active")})
    for name, value in _values(form).items():
        setattr(rule, name, value)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        form.name.errors = [_("A rule named “%(name)s” exists already.", name=form.name.data)]
        return _render_edit(rule, form, 400)
    audit(current_user.id, "trust_rule", rule.id, "edit_trust_rule",
          detail={"before": before, "after": _said(_values(form))})  # fmt: skip
    db.session.commit()
    flash(_("Rule “%(name)s” saved.", name=rule.name), "success")
    return redirect(url_for("review.rules"))


@bp.route("/rules/<int:rule_id>/toggle", methods=["POST"])
@roles_required(Role.ADMIN)
def toggle_rule(rule_id: int):
    """The form says the state wanted, and the update is conditional on the rule not being in
    it: a double click on "Disable" (or two admins' clicks) must not flip the rule back."""
    rule = db.session.get(TrustRule, rule_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    wanted = {"1": True, "0": False}.get(request.form.get("active"))
    if wanted is None:
        abort(400)
    moved = db.session.execute(
        update(TrustRule)
        .where(TrustRule.id == rule.id, TrustRule.active.is_not(wanted))
        .values(active=wanted)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not moved:
        if wanted:
            flash(_("Rule “%(name)s” is already in force.", name=rule.name), "info")
        else:
            flash(_("Rule “%(name)s” is already disabled.", name=rule.name), "info")
        return redirect(url_for("review.rules"))
    action = "enable_trust_rule" if wanted else "disable_trust_rule"
    audit(current_user.id, "trust_rule", rule.id, action, detail={"name": rule.name})
    db.session.commit()
    if wanted:
        flash(_("Rule “%(name)s” is in force again.", name=rule.name), "success")
    else:
        flash(
            _("Rule “%(name)s” disabled: what it covered goes to reviewers.", name=rule.name),
            "success",
        )
    return redirect(url_for("review.rules"))
