from flask import render_template

from ..access import Role, roles_required
from ..pagination import paginate
from . import bp
from .queries import submitted_stores, waiting_counts


@bp.route("/")
@roles_required(Role.REVIEWER, Role.ADMIN)
def queue():
    return render_template(
        "review/queue.html", counts=waiting_counts(), page=paginate(submitted_stores())
    )
