"""The health line, set by admins: the score under which stores are recalled and their
account manager is told (audited; the configuration's default until set)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import Role, roles_required
from ..extensions import db
from ..growth.health_line import recall_below, set_recall_below
from . import bp
from .health_line_forms import HealthLineForm


@bp.route("/health-line", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def health_line():
    form = HealthLineForm()
    if not form.validate_on_submit():
        if not form.is_submitted():
            form.line.data = recall_below()
        return render_template("admin/health_line.html", form=form), (400 if form.errors else 200)
    if set_recall_below(form.line.data, current_user):
        db.session.commit()
        flash(_("Stores are now recalled below %(line)d.", line=form.line.data), "success")
    else:
        flash(_("The line already was %(line)d.", line=form.line.data), "info")
    return redirect(url_for("admin.health_line"))
