"""The Advertising Law's absolute terms, kept by admins: the quality score reads this list."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..access import Role, roles_required
from ..audit import audit
from ..extensions import db
from ..forms import EmptyForm
from ..onboarding.products.ad_terms import AbsoluteTerm, forget_terms, normalise_term
from ..pagination import paginate
from . import bp
from .ad_term_forms import AbsoluteTermForm


def _render(form, status=200):
    query = select(AbsoluteTerm).order_by(AbsoluteTerm.term)
    return render_template(
        "admin/ad_terms.html", form=form, page=paginate(query), remove=EmptyForm()
    ), status


@bp.route("/ad-terms", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def ad_terms():
    form = AbsoluteTermForm()
    if not form.validate_on_submit():
        return _render(form, 400 if form.errors else 200)
    term = normalise_term(form.term.data)
    taken = db.session.scalar(select(AbsoluteTerm.id).where(AbsoluteTerm.term == term))
    if taken is not None:
        form.term.errors = [_("“%(term)s” is on the list already.", term=term)]
        return _render(form, 400)
    entry = AbsoluteTerm(term=term)
    db.session.add(entry)
    try:
        db.session.flush()  # two admins adding the same term: the unique index decides
    except IntegrityError:
        db.session.rollback()
        form.term.errors = [_("“%(term)s” is on the list already.", term=term)]
        return _render(form, 400)
    audit(current_user.id, "ad_term", entry.id, "add_ad_term", detail={"term": term})
    db.session.commit()
    forget_terms()
    said = _("“%(term)s” added: listings using it lose the points of the rule.", term=term)
    flash(said, "success")
    return redirect(url_for("admin.ad_terms"))


@bp.route("/ad-terms/<int:term_id>/remove", methods=["POST"])
@roles_required(Role.ADMIN)
def remove_ad_term(term_id: int):
    entry = db.session.get(AbsoluteTerm, term_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    term = entry.term
    # One DELETE decides: two admins removing the term at once both loaded it, and the second
    # ORM delete matched no row (StaleDataError, a 500) after a second audit event.
    gone = db.session.execute(delete(AbsoluteTerm).where(AbsoluteTerm.id == term_id)).rowcount
    if gone:
        audit(current_user.id, "ad_term", term_id, "remove_ad_term", detail={"term": term})
    db.session.commit()
    forget_terms()
    flash(_("“%(term)s” removed from the list.", term=term), "success")
    return redirect(url_for("admin.ad_terms"))
