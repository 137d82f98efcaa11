"""The placement catalogue: list, add, edit."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...access import roles_required
from ...extensions import db
from ...i18n import _
from ...pagination import paginate
from .. import bp
from ..access import PLANNERS
from ..models import Placement
from .forms import PlacementForm
from .services import save_placement


@bp.route("/placements")
@roles_required(*PLANNERS)
def placements():
    page = paginate(select(Placement).order_by(Placement.channel, Placement.name))
    return render_template("budget/placements.html", page=page)


@bp.route("/placements/new", methods=["GET", "POST"])
@bp.route("/placements/<int:placement_id>/edit", methods=["GET", "POST"])
@roles_required(*PLANNERS)
def edit_placement(placement_id: int | None = None):
    placement = db.session.get(Placement, placement_id) if placement_id else Placement()
    if placement is None:
        abort(404)
    # a new placement starts from the form's defaults (a blank model would blank them)
    form = (
        PlacementForm(obj=placement, placement_id=placement.id) if placement_id else PlacementForm()
    )
    if not form.is_submitted() and placement.curve_points:
        form.curve_points.data = "\n".join(f"{s:g}, {c:g}" for s, c in placement.curve_points)
    status = 200
    if form.validate_on_submit():
        try:
            save_placement(placement, form, current_user)
            db.session.commit()
        except IntegrityError:  # the same code saved at the same moment: the other one won
            db.session.rollback()
            form.code.errors = [*form.code.errors, _("Another placement has this code.")]
            status = 409
        else:
            flash(_("Placement “%(name)s” saved.", name=placement.label), "success")
            return redirect(url_for("budget.placements"))
    status = 400 if form.errors and status == 200 else status
    return render_template("budget/placement_form.html", form=form, placement=placement), status
