from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ..access import Role, roles_required
from ..audit import audit
from ..csv_files import ImportRejected, RowProblem
from ..extensions import db
from . import bp
from .csv_import import parse_sales_csv, template_csv
from .forms import SalesImportForm
from .rows import FIELDS
from .services import upsert_sales

OPS = (Role.REVIEWER, Role.ADMIN)


@bp.route("/import", methods=["GET", "POST"])
@roles_required(*OPS)
def import_sales():
    form = SalesImportForm()
    problems: list[RowProblem] = []
    if form.validate_on_submit():
        upload = form.file.data
        if upload is None or not upload.filename:
            form.file.errors = [_("Choose a CSV file.")]
        else:
            try:
                rows = parse_sales_csv(upload.stream.read())
            except ImportRejected as rejected:
                problems = rejected.problems
            else:
                stored = upsert_sales(rows)
                audit(
                    current_user.id,
                    "user",
                    current_user.id,
                    "sales_imported",
                    detail={
                        "rows": stored,
                        "first_day": min(r.day for r in rows).isoformat(),
                        "last_day": max(r.day for r in rows).isoformat(),
                    },
                )
                db.session.commit()
                flash(
                    ngettext(
                        "Stored %(num)d day of sales; re-sent days replaced.",
                        "Stored %(num)d days of sales; re-sent days replaced.",
                        stored,
                    ),
                    "success",
                )
                return redirect(url_for("sales.import_sales"))
    status = 400 if problems or form.file.errors else 200
    return render_template(
        "sales/import.html", form=form, problems=problems, columns=FIELDS
    ), status


@bp.route("/import/template.csv")
@roles_required(*OPS)
def import_template():
    return Response(
        template_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=sales-template.csv"},
    )
