"""The category tree, kept by admins: browsed whole, exported and imported as a file."""

import io

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import Role, roles_required
from ..audit import audit
from ..csv_files import ImportRejected, csv_writer
from ..extensions import db
from ..onboarding.categories.services import export_lines, import_tree_file
from ..onboarding.categories.tree import current_tree
from . import bp
from .category_forms import CategoryFileForm

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _render(form, problems=(), status=200):
    # the whole tree in two queries (tree.load_tree), rendered from memory
    tree = current_tree()
    return render_template(
        "admin/categories.html",
        form=form,
        tree=tree,
        nodes=list(tree.walk()),
        leaves=len(tree.leaves()),
        problems=problems,
    ), status


@bp.route("/categories", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def categories():
    form = CategoryFileForm()
    if not form.validate_on_submit():
        return _render(form, status=400 if form.errors else 200)
    upload = form.file.data
    if upload is None or not upload.filename:
        form.file.errors = [_("Choose an Excel (.xlsx) or CSV file.")]
        return _render(form, status=400)
    raw = upload.stream.read()
    upload.close()
    try:
        changes = import_tree_file(raw)
    except ImportRejected as rejected:
        db.session.rollback()
        return _render(form, rejected.problems, 400)
    if not changes.any:
        db.session.rollback()
        flash(_("The file matches the tree: nothing changed."), "success")
        return redirect(url_for("admin.categories"))
    audit(current_user.id, "category_tree", 0, "import_category_tree", detail=changes.as_detail())
    db.session.commit()
    flash(
        _(
            "Category tree updated: %(added)s added, %(changed)s changed, %(retired)s retired. "
            "Listings in a retired category keep their values and are asked to choose another.",
            added=len(changes.added),
            changed=len(changes.changed),
            retired=len(changes.retired),
        ),
        "success",
    )
    return redirect(url_for("admin.categories"))


@bp.route("/categories/export.<any(xlsx, csv):kind>")
@roles_required(Role.ADMIN)
def export_categories(kind: str):
    lines = export_lines()
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("Categories")[:31]
        for line in lines:
            sheet.append(line)
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
        for column, width in zip("ABCDEFGH", (28, 20, 40, 14, 22, 8, 80, 20), strict=True):
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        body, mimetype = out.getvalue(), XLSX_TYPE
    else:
        out = io.StringIO()
        csv_writer(out).writerows(lines)
        body, mimetype = "\ufeff".encode() + out.getvalue().encode(), "text/csv; charset=utf-8"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f"attachment; filename=categories.{kind}"},
    )
