from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ...access import LISTING_ROLES, Role, roles_required
from ...edit_version import EditedElsewhere
from ...extensions import db
from ...forms import EmptyForm
from ...numbers import id_arg, parse_decimal
from ...pagination import paginate
from ...uploads import UploadRejected, discard, send_upload
from ...workflow.machine import AlreadyDecided, IllegalTransition
from ...workflow.reasons import reason_labels
from ...workflow.reviewable import ReviewStatus
from ..catalog import attribute_specs, attributes_for
from ..queries import current_store
from . import bp
from .editor_problems import editor_problems
from .forms import MAX_IMAGES_AT_ONCE, ImageForm, ProductForm, kept_attributes
from .image_order import main_image_problem
from .pending import change_diff, change_mark, change_report, open_changes_of
from .qualified import qualification_problem
from .quality import RULES, assess_form, assess_product
from .queries import (
    change_images,
    get_image_or_404,
    get_product_or_404,
    made_by_form,
    product_images,
    product_reviews,
    store_products,
)
from .services import (
    NothingToSubmit,
    add_image,
    create_product,
    form_values,
    last_change,
    listing_version,
    make_main_image,
    open_change,
    remove_image,
    submission_problems,
    submit_product,
    update_product,
)
from .sku_grid import shown_skus
from .sku_rows import price_ranges, saved_skus
from .sku_views import Grid, bulk_fill, check_codes, editor_grid, lost_code_race, saved_for

EDITED = _l(
    "Not saved: this listing was changed somewhere else after you opened it (in another tab, "
    "by a colleague, or before you went back to this page). What you typed is kept below. "
    "Check the saved listing first: saving again replaces what was saved there with what is "
    "below."
)
SUBMITTED = _l(
    "Not saved: this listing was sent for review after you opened it (in another tab, or by a "
    "colleague), and cannot be changed until merchant operations reply. What you typed is "
    "kept below."
)
CHANGE_DECIDED = {
    ReviewStatus.REJECTED: _l(
        "Not saved: merchant operations rejected this listing's change after you opened it, "
        "and the listing on sale stays as it was. What you typed is kept below: saving again "
        "starts a new change from it."
    ),
    ReviewStatus.APPROVED: _l(
        "Not saved: this listing's change was approved after you opened it, and the listing on "
        "sale now shows it. What you typed is kept below: check the listing first, saving "
        "again starts a new change from what is below."
    ),
}
REJECTED = _l(
    "Not saved: merchant operations rejected this listing after you opened it, so it can no "
    "longer be changed. What you typed is kept below."
)


def require_open_store():
    store = current_store()
    if store.status != ReviewStatus.APPROVED:
        flash(_("Products can be listed once your store is approved."), "error")
        return store, redirect(url_for("onboarding.checklist"))
    return store, None


@bp.route("/")
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def index():
    store = current_store()
    page = paginate(store_products(store))
    ids = [product.id for product in page.items]
    return render_template(
        "products/index.html", store=store, page=page, price_ranges=price_ranges(ids),
        open_changes=open_changes_of(ids),
    )  # fmt: skip


def render_editor(
    form,
    product=None,
    attribute_errors=None,
    status=200,
    attributes=None,
    grid=None,
    saved=None,
    not_saved=None,
):
    """The editor with its quality panel; ``attributes`` overrides where they come from (a
    pending change's, say), else what was just typed, else the product's. ``grid``: the SKU
    grid as checked on saving; else built from what was typed, else from ``saved``.
    ``not_saved``: why a save that passed every check was still refused (shown above it)."""
    if attributes is None:
        attributes = (
            form.attribute_values()
            if form.is_submitted()
            else (product.attributes if product else {})
        )
    if grid is None:
        source = request.form if form.is_submitted() else None
        if saved is None and product is not None:
            saved = saved_for(product)
        grid = editor_grid(form, attributes, product, saved, source, bulk_fill())
        if source is not None:
            check_codes(grid, product.store_id if product else current_store().id, product)
        if bulk_fill():
            grid.only_typed()
    images = product_images(product) if product else []
    report = assess_form(
        form, attributes, len(images), images[0].dimensions if images else None, grid.for_quality()
    )
    specs = attribute_specs(form.category.data)
    shown = grid.context()
    return (
        render_template(
            "products/edit.html",
            form=form,
            product=product,
            attributes=attributes,
            attribute_names=attributes_for(form.category.data),
            specs=specs,
            attribute_errors=attribute_errors or {},
            report=report,
            rules=RULES,
            problems=editor_problems(
                form, specs, attribute_errors or {}, shown["sku_lines"], shown["sku_problem"]
            )
            if status == 400
            else [],
            not_saved=not_saved,
            **shown,
        ),
        status,
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def new():
    store, blocked = require_open_store()
    if blocked:
        return blocked
    form = ProductForm()
    if bulk_fill():  # the fill button, without script: the editor again, every row filled
        form.validate()
        return render_editor(form)
    made = made_by_form(store.id, form.form_key.data) if form.is_submitted() else None
    if made is not None:  # sent again: its own merchant codes would read as taken
        flash(_("This listing was saved already: here it is."), "info")
        return redirect(url_for("products.detail", product_id=made))
    if form.validate_on_submit():
        attributes = form.attribute_values()
        problems = form.attribute_errors(attributes)
        grid = checked_grid(form, attributes, store.id, None)
        if not problems and not grid.has_problems:
            store_id = store.id
            try:
                product, made = create_product(
                    store,
                    form_values(form),
                    attributes,
                    current_user,
                    grid.lines,
                    form.form_key.data,
                )
                db.session.commit()
            except IntegrityError:  # a merchant code taken by another save in between
                lost_code_race(grid, store_id, None)
                return render_editor(form, attribute_errors=problems, status=409, grid=grid)
            if made:
                flash(_("Saved as a draft. Add images, then submit it for review."), "success")
            else:
                flash(_("This listing was saved already: here it is."), "info")
            return redirect(url_for("products.detail", product_id=product.id))
        return render_editor(form, attribute_errors=problems, status=400, grid=grid)
    return render_editor(
        form, attribute_errors=typed_problems(form), status=400 if form.errors else 200
    )


@bp.route("/<int:product_id>")
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def detail(product_id: int):
    product = get_product_or_404(product_id)
    images = product_images(product)
    saved = saved_skus(product)
    report = assess_product(product, len(images), images[0].dimensions if images else None, saved)
    change = open_change(product)
    return render_template(
        "products/detail.html",
        product=product,
        images=images,
        skus=shown_skus(saved, product.category),
        pending_images=change_images(change) if change else [],
        removing=set((change.data.get("remove_images") or ()) if change else ()),
        report=report,
        change=change,
        change_mark=change_mark,
        pending=change_diff(product, change) if change else [],
        pending_report=change_report(product, change) if change else None,
        reviews=product_reviews(product),
        reason_labels=reason_labels,
        image_form=ImageForm(),
        action_form=EmptyForm(),
        unqualified=qualification_problem(product),
    )


@bp.route("/<int:product_id>/edit", methods=["GET", "POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def edit(product_id: int):
    product = get_product_or_404(product_id)
    change = open_change(product) if product.is_live else None
    if not (product.editable or product.is_live) or (
        change and change.status == ReviewStatus.SUBMITTED
    ):
        rejected = product.status == ReviewStatus.REJECTED
        if request.method == "POST":  # sent for review or decided since it opened: keep typing
            why = REJECTED if rejected else SUBMITTED
            return render_editor(ProductForm(), product, status=409, not_saved=why)
        if rejected:
            flash(
                _("Merchant operations rejected this listing; it can no longer be edited."), "error"
            )
        else:
            flash(
                _("This listing is with merchant operations; you can edit it once they reply."),
                "error",
            )
        return redirect(url_for("products.detail", product_id=product.id))
    source = change.fields() if change else None
    form = (
        ProductForm(obj=product) if source is None else ProductForm(data=_change_form_data(source))
    )
    if bulk_fill():
        form.validate()
        return render_editor(form, product)
    if form.validate_on_submit():
        attributes = form.attribute_values()
        problems = form.attribute_errors(attributes)
        grid = checked_grid(form, attributes, product.store_id, product)
        if problems or grid.has_problems:
            return render_editor(form, product, problems, status=400, grid=grid)
        store_id = product.store_id
        try:
            outcome = update_product(
                product, form_values(form), attributes, current_user, grid.lines, form.seen.data
            )
            db.session.commit()
        except IntegrityError:  # a merchant code taken by another save in between
            lost_code_race(grid, store_id, product)
            return render_editor(form, product, problems, status=409, grid=grid)
        except EditedElsewhere:
            db.session.rollback()
            form.seen.data = listing_version(product)  # saving again now keeps this one
            why = EDITED
            if product.is_live and open_change(product) is None:  # decided, or discarded
                latest = last_change(product)
                why = CHANGE_DECIDED.get(latest.status, EDITED) if latest else EDITED
            return render_editor(form, product, status=409, grid=grid, not_saved=why)
        except PermissionError:  # submitted for review in another tab a moment before
            db.session.rollback()
            return render_editor(form, product, status=409, grid=grid, not_saved=SUBMITTED)
        if outcome == "unchanged":
            flash(_("Nothing was changed: the live listing stays as it is."), "info")
        elif outcome == "dropped":
            flash(_("Your draft change now matches the live listing, so it was discarded."), "info")
        elif outcome == "change":
            flash(
                _(
                    "Change saved as a draft: submit it for review when it is ready. The live "
                    "listing stays on sale as it is until the change is approved."
                ),
                "success",
            )
        else:
            flash(_("Saved."), "success")
        return redirect(url_for("products.detail", product_id=product.id))
    if not form.is_submitted():
        form.seen.data = listing_version(product)
        if source is not None:
            return render_editor(form, product, attributes=source.get("attributes") or {})
    problems = typed_problems(form)
    return render_editor(form, product, problems, status=400 if form.errors else 200)


def checked_grid(form, attributes: dict, store_id: int, product) -> Grid:
    """The SKU grid as the form sends it, every cell read; a merchant code another listing of
    the store uses is refused next to its cell."""
    saved = saved_for(product) if product else None
    grid = editor_grid(form, attributes, product, saved, request.form)
    check_codes(grid, store_id, product)
    return grid


def typed_problems(form) -> dict:
    """A refused form shows the attributes' problems with the others, all at once."""
    return form.attribute_errors(form.attribute_values()) if form.is_submitted() else {}


def _change_form_data(data: dict) -> dict:
    # A change is kept as JSON, so its price comes back as text; the form's price field holds a
    # Decimal, and text there failed the editor with a 500 on reopening a saved change.
    values = {k: v for k, v in data.items() if k != "attributes"}
    if values.get("price") not in (None, ""):
        values["price"] = parse_decimal(str(values["price"]))
    return values


@bp.route("/quality", methods=["POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def quality():
    """The live quality panel: htmx posts the editor's fields as the merchant types."""
    form = ProductForm(meta={"csrf": False})  # the htmx header carries the token (CSRFProtect)
    form.validate()
    product_id = id_arg("product_id", source=request.form)
    product = get_product_or_404(product_id) if product_id else None
    images = product_images(product) if product else []
    main = images[0].dimensions if images else None
    attributes = form.attribute_values()
    grid = editor_grid(
        form, attributes, product, saved_for(product) if product else None, request.form
    )
    report = assess_form(form, attributes, len(images), main, grid.for_quality())
    return render_template("products/_quality.html", report=report, rules=RULES)


@bp.route("/attributes", methods=["GET", "POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def attributes():
    """The attribute fields of the chosen category, swapped in when the category changes.
    The editor sends what is typed in the attribute fields (and the product, whose saved
    attributes fill what was not typed): values carry over to the new category's fields, and
    attributes the new category does not have stay in the form, hidden and listed.
    Posted by the editor: with the SKU grid's rows its query string passed 4 KB at a dozen
    SKUs, past what a server takes in a request line."""
    asked = request.form if request.method == "POST" else request.args
    category = asked.get("category", "")
    names = attributes_for(category)
    product_id = id_arg("product_id", source=asked)
    saved = (get_product_or_404(product_id).attributes or {}) if product_id else {}
    typed = {  # a field present but emptied stays empty: the merchant cleared it
        key.removeprefix("attr:"): "、".join(v.strip() for v in asked.getlist(key) if v)
        for key in asked
        if key.startswith("attr:")
    }
    values = kept_attributes({f"attr:{k}": v for k, v in (saved | typed).items()}, names)
    # the SKU grid follows the new category's sale attributes (swapped out of band)
    form = ProductForm(formdata=None, meta={"csrf": False})  # its fields as saved, not as sent
    form.category.data = category
    product = get_product_or_404(product_id) if product_id else None
    if product is not None:  # the listing's own price and stock, should its fields come back
        form.price.data, form.stock.data = product.price, product.stock
    # the rows typed so far come along (#skus is sent too): a colour and size the new category
    # shares keep their price, stock and code
    grid = editor_grid(form, values, product, saved_for(product) if product else None, asked)
    grid.only_typed()
    return render_template(
        "products/_attributes.html",
        attribute_names=names,
        specs=attribute_specs(category),
        attributes=values,
        attribute_errors={},
    ) + render_template("products/_skus.html", form=form, sku_oob=True, **grid.context())


@bp.route("/<int:product_id>/images", methods=["POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def upload_image(product_id: int):
    product = get_product_or_404(product_id)
    form = ImageForm()
    if (
        product.status in (ReviewStatus.SUBMITTED, ReviewStatus.REJECTED)
        or not form.validate_on_submit()
    ):
        abort(409)
    uploads = [f for f in form.image.data or [] if getattr(f, "filename", None)] or [None]
    added = []
    try:
        for upload in uploads[:MAX_IMAGES_AT_ONCE]:  # several chosen at once: all or none
            added.append(add_image(product, upload, current_user))
    except UploadRejected as problem:
        db.session.rollback()
        for kept in added:
            discard("image", kept.stored_name)
        several = sum(upload is not None for upload in uploads[:MAX_IMAGES_AT_ONCE]) > 1
        flash(
            _(
                "%(problem)s None of the chosen images was added: choose them again without "
                "that one.",
                problem=str(problem),
            )
            if several
            else str(problem),
            "error",
        )
        return redirect(url_for("products.detail", product_id=product.id))
    except PermissionError:
        flash(
            _("A change to this listing is with merchant operations; add images once they reply."),
            "error",
        )
        return redirect(url_for("products.detail", product_id=product.id))
    db.session.commit()
    flash(
        _("Image added to your change: it shows on the live listing once the change is approved.")
        if added[0].change_id
        else ngettext("Image added.", "%(num)d images added.", len(added)),
        "success",
    )
    return redirect(url_for("products.detail", product_id=product.id))


@bp.route("/<int:product_id>/images/<int:image_id>/main", methods=["POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def main_image(product_id: int, image_id: int):
    """The chosen image becomes the first, the search thumbnail (a listing not on sale)."""
    product = get_product_or_404(product_id)
    image = get_image_or_404(image_id, staff=False)
    if image.product_id != product.id or image.change_id or not EmptyForm().validate_on_submit():
        abort(404)
    if not product.editable:
        abort(409)
    problem = main_image_problem(image)
    if problem:
        flash(problem, "error")
        return redirect(url_for("products.detail", product_id=product.id, _anchor="images"))
    make_main_image(product, image, current_user)
    db.session.commit()
    flash(_("Main image set: it is the one shoppers see in search."), "success")
    return redirect(url_for("products.detail", product_id=product.id))


@bp.route("/<int:product_id>/images/<int:image_id>/delete", methods=["POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def delete_image(product_id: int, image_id: int):
    product = get_product_or_404(product_id)
    image = get_image_or_404(image_id, staff=False)
    if image.product_id != product.id or not EmptyForm().validate_on_submit():
        abort(404)
    if product.status in (ReviewStatus.SUBMITTED, ReviewStatus.REJECTED):
        abort(409)
    try:
        gone = remove_image(product, image, current_user)
    except PermissionError:
        flash(
            _("A change to this listing is with merchant operations; wait for their reply."),
            "error",
        )
        return redirect(url_for("products.detail", product_id=product.id))
    db.session.commit()
    if gone:
        discard("image", image.stored_name)
        flash(_("Image removed."), "info")
    else:
        flash(
            _("The removal is part of your change: the image stays on sale until it is approved."),
            "info",
        )
    return redirect(url_for("products.detail", product_id=product.id))


@bp.route("/images/<int:image_id>")
@roles_required(Role.MERCHANT, Role.REVIEWER, Role.ADMIN, store=LISTING_ROLES)
def image(image_id: int):
    found = get_image_or_404(image_id, staff=current_user.role != Role.MERCHANT)
    return send_upload("image", found.stored_name, found.original_name, found.content_type)


@bp.route("/<int:product_id>/submit", methods=["POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def submit(product_id: int):
    product = get_product_or_404(product_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    missing = submission_problems(product)
    unqualified = qualification_problem(product)
    main_problem = None
    if product.editable:  # the rule on the main image, held on the server as well
        images = product_images(product)
        main_problem = main_image_problem(images[0] if images else None)
    if missing or unqualified or main_problem:
        if missing:
            flash(_("Before submitting: %(problems)s.", problems=_("; ").join(missing)), "error")
        for sentence in (main_problem, unqualified):
            if sentence:
                flash(sentence, "error")
        return redirect(url_for("products.detail", product_id=product.id))
    try:
        what = submit_product(product, current_user)
    except NothingToSubmit:
        flash(_("There is no change to submit: the listing on sale is as it was."), "info")
        return redirect(url_for("products.detail", product_id=product.id))
    except (IllegalTransition, AlreadyDecided, PermissionError):
        flash(_("This listing is already with merchant operations."), "info")
        return redirect(url_for("products.detail", product_id=product.id))
    db.session.commit()
    if what.rule:
        said = _(
            "Change approved automatically (rule: %(rule)s): it is on sale now.", rule=what.rule
        )
    elif what.what == "change":
        said = _("Change submitted: the live listing stays on sale until it is approved.")
    else:
        said = _("Submitted for review.")
    flash(said, "success")
    return redirect(url_for("products.detail", product_id=product.id))
