from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ...access import Role, roles_required
from ...csv_files import ImportRejected, RowProblem, row_count
from ...extensions import db
from . import bp
from .csv_import import COLUMNS, parse_csv, template_csv
from .forms import ImportForm
from .import_job import start_product_import
from .services import create_product
from .views import require_open_store


@bp.route("/import", methods=["GET", "POST"])
@roles_required(Role.MERCHANT)
def bulk_import():
    store, blocked = require_open_store()
    if blocked:
        return blocked
    form = ImportForm()
    problems: list[RowProblem] = []
    if form.validate_on_submit():
        upload = form.file.data
        if upload is None or not upload.filename:
            form.file.errors = ["Choose a CSV file."]
        else:
            raw = upload.stream.read()
            if row_count(raw) > current_app.config["IMPORT_INLINE_ROWS"]:
                job = start_product_import(store, raw, current_user)
                db.session.commit()  # enqueues the import; its page shows the progress
                return redirect(url_for("jobs.job", job_id=job.id))
            try:
                rows = parse_csv(raw)
            except ImportRejected as rejected:
                problems = rejected.problems
            else:
                for row in rows:  # all in one transaction: every row or none
                    create_product(store, row.values, row.attributes, current_user)
                db.session.commit()
                flash(
                    f"Imported {len(rows)} product(s) as drafts. Add images, then submit them.",
                    "success",
                )
                return redirect(url_for("products.index"))
    status = 400 if problems or form.file.errors else 200
    return render_template(
        "products/import.html", form=form, problems=problems, columns=COLUMNS
    ), status


@bp.route("/import/template.csv")
@roles_required(Role.MERCHANT)
def import_template():
    return Response(
        template_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=products-template.csv"},
    )
