from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from ...access import LISTING_ROLES, Role, roles_required
from ...csv_files import ImportRejected, RowProblem
from ...extensions import db
from ...forms import EmptyForm
from ...i18n.template_words import sentence_space
from ...imports.batches import AlreadyImported, AlreadyUndone, recent_batches
from ...tables import table_rows
from ...uploads import discard
from . import bp, file_export
from .file_import import MAX_ROWS, parse_product_file, too_many_rows
from .file_names import COLUMNS
from .forms import ImportForm
from .import_job import start_product_import
from .import_services import (
    CannotUndo,
    get_store_batch_or_404,
    import_products,
    products_of_batch,
    undo_product_import,
    undo_refusal,
)
from .import_updates import done_words, listings_changed
from .queries import store_products
from .views import require_open_store


def render_import(store, form, problems=(), status=200):
    batches = recent_batches("products", store.id)
    return render_template(
        "products/import.html",
        form=form,
        problems=problems,
        columns=COLUMNS,
        max_rows=MAX_ROWS,
        batches=batches,
        changed={batch.id: batch.changed_count for batch, _email in batches},
        action_form=EmptyForm(),
    ), status


@bp.route("/import", methods=["GET", "POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def bulk_import():
    store, blocked = require_open_store()
    if blocked:
        return blocked
    form = ImportForm()
    problems: list[RowProblem] = []
    if form.validate_on_submit():
        upload = form.file.data
        if upload is None or not upload.filename:
            form.file.errors = [_("Choose an Excel (.xlsx) or CSV file.")]
        else:
            raw = upload.stream.read()
            upload.close()  # a large upload is spooled to a temporary file: let it go now
            rows_in_file = table_rows(raw)
            if rows_in_file > MAX_ROWS:  # said now, not after a background job read them all
                problems = [too_many_rows(rows_in_file)]
            elif rows_in_file > current_app.config["IMPORT_INLINE_ROWS"]:
                job = start_product_import(store, raw, upload.filename, current_user)
                db.session.commit()  # enqueues the import; its page shows the progress
                return redirect(url_for("jobs.job", job_id=job.id))
            else:
                try:
                    rows = parse_product_file(raw)
                    batch = import_products(store, rows, upload.filename, current_user)
                except ImportRejected as rejected:
                    db.session.rollback()  # a code race leaves the session to be rolled back
                    problems = rejected.problems
                except AlreadyImported as repeated:
                    db.session.rollback()
                    form.file.errors = [str(repeated)]
                else:
                    changed = listings_changed(batch.id)
                    db.session.commit()
                    # rows already in the store are left out of both counts
                    flash(done_words(batch.row_count, changed, batch.kept_newer), "success")
                    return redirect(url_for("products.index"))
    status = 400 if problems or form.file.errors else 200
    return render_import(store, form, problems, status)


@bp.route("/import/<int:batch_id>/undo", methods=["POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def undo_import(batch_id: int):
    store, blocked = require_open_store()
    if blocked:
        return blocked
    batch = get_store_batch_or_404(store, batch_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if request.form.get("confirm") != "1" and not batch.undone:
        refusal = undo_refusal(batch)
        if refusal:  # said now, not after the merchant confirmed what it would do
            flash(refusal, "error")
            return redirect(url_for("products.bulk_import"))
        return _confirm_undo(batch)
    changed = len(listings_changed(batch.id))
    try:
        images = undo_product_import(batch, current_user)
    except AlreadyUndone:
        db.session.rollback()
        flash(_("That import was already undone."), "info")
        return redirect(url_for("products.bulk_import"))
    except CannotUndo as problem:
        db.session.rollback()
        flash(str(problem), "error")
        return redirect(url_for("products.bulk_import"))
    db.session.commit()
    for name in images:
        discard("image", name)
    said = [
        ngettext(
            "Import of “%(file)s” undone: its %(num)d product removed.",
            "Import of “%(file)s” undone: its %(num)d products removed.",
            batch.row_count,
            file=batch.file_name,
        )
        if batch.row_count or not changed
        else _("Import of “%(file)s” undone.", file=batch.file_name)
    ]
    if changed:
        said.append(
            ngettext(
                "The %(num)d listing it changed is as before.",
                "The %(num)d listings it changed are as before.",
                changed,
            )
        )
    flash(sentence_space().join(said), "success")
    return redirect(url_for("products.bulk_import"))


def _confirm_undo(batch):
    """Undoing an import deletes every product it made and puts back every listing it
    changed, on one click no more: say so first."""
    count, changed = products_of_batch(batch), len(listings_changed(batch.id))
    consequences = []
    if count or not changed:
        consequences.append(
            ngettext(
                "%(num)d product will be deleted, with its images.",
                "%(num)d products will be deleted, with their images.",
                count,
            )
        )
    if changed:
        consequences.append(
            ngettext(
                "%(num)d listing the import changed goes back to what it held before it.",
                "%(num)d listings the import changed go back to what they held before it.",
                changed,
            )
        )
    consequences.append(
        _("This cannot be undone; importing the file again brings them back as drafts.")
        if not changed
        else _("This cannot be undone; importing the file again makes the same changes.")
    )
    return render_template(
        "confirm.html",
        heading=_("Undo the import of “%(file)s”?", file=batch.file_name),
        consequences=consequences,
        action=url_for("products.undo_import", batch_id=batch.id),
        back=url_for("products.bulk_import"),
        button=ngettext("Delete %(num)d product", "Delete %(num)d products", count)
        if count
        else _("Undo the import"),
        action_form=EmptyForm(),
    )


@bp.route("/import/template.<any(csv, xlsx):kind>")
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def import_template(kind: str):
    """Two filled rows in the reader's language, and (in .xlsx) a sheet of the categories
    and their attributes."""
    return file_export.send(file_export.template_lines(), "products-template", kind)


@bp.route("/export.<any(csv, xlsx):kind>")
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def export(kind: str):
    """The store's products in the import's format: imported back, nothing changes."""
    store, blocked = require_open_store()
    if blocked:
        return blocked
    products = db.session.scalars(store_products(store))
    return file_export.send(file_export.product_lines(products), "products", kind)
