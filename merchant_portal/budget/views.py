from flask import render_template
from sqlalchemy import select

from ..access import Role, roles_required
from ..pagination import paginate
from . import bp
from .models import Placement


@bp.route("/placements")
@roles_required(Role.PLANNER, Role.ADMIN)
def placements():
    page = paginate(select(Placement).order_by(Placement.channel, Placement.name))
    return render_template("budget/placements.html", page=page)
