"""A merchant drops the change they are working on to a live listing."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select

from ...access import LISTING_ROLES, Role, roles_required
from ...extensions import db
from ...forms import EmptyForm
from ...uploads import discard
from . import bp
from .models import ProductChange, ProductImage
from .pending import change_diff, change_mark
from .queries import get_product_or_404
from .services import NothingToDiscard, discard_change, open_change


@bp.route("/<int:product_id>/change/discard", methods=["POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def discard_pending_change(product_id: int):
    product = get_product_or_404(product_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    change = open_change(product) if product.is_live else None
    if change is None:
        flash(
            _("There is no change to discard: the listing on sale is as it was.")
            if product.is_live
            else _("This listing has no change to discard."),
            "info",
        )
        return redirect(url_for("products.detail", product_id=product.id))
    if request.args.get("change", change_mark(change)) != change_mark(change):
        # a page opened on a change since discarded: this one is newer, and not the one meant
        flash(_("That change was discarded already; the listing has a newer one, shown below. "
                "Discard it from here if you mean to."), "info")  # fmt: skip
        return redirect(url_for("products.detail", product_id=product.id))
    if request.form.get("confirm") != "1":
        # what the merchant typed into the change goes for good: say so before, not after
        return _asked(product, change)
    try:
        images = discard_change(product, change, current_user)
    except NothingToDiscard:
        change_id = change.id
        db.session.rollback()
        flash(
            _("Merchant operations decided on this change first; see their reply below.")
            if db.session.get(ProductChange, change_id) is not None
            else _("This change was discarded already (in another tab, say)."),
            "info",
        )
        return redirect(url_for("products.detail", product_id=product.id))
    db.session.commit()
    for name in images:
        discard("image", name)
    flash(_("Change discarded: the listing on sale stays as it is."), "success")
    return redirect(url_for("products.detail", product_id=product.id))


def _asked(product, change):
    fields = len(change_diff(product, change))
    images = db.session.scalar(
        select(func.count()).select_from(ProductImage).where(ProductImage.change_id == change.id)
    )
    consequences = [
        ngettext(
            "The %(num)d field your change alters goes back to the listing on sale.",
            "The %(num)d fields your change alters go back to the listing on sale.",
            fields,
        )
        if fields
        else _("Your change alters no field yet; it is deleted."),
        _("Shoppers keep seeing the listing on sale as it is."),
    ]
    if images:
        consequences.append(
            ngettext(
                "The %(num)d image your change added is deleted.",
                "The %(num)d images your change added are deleted.",
                images,
            )
        )
    return render_template(
        "confirm.html",
        heading=_("Discard your change to “%(title)s”?", title=product.title),
        consequences=consequences,
        action=url_for(
            "products.discard_pending_change", product_id=product.id, change=change_mark(change)
        ),
        back=url_for("products.detail", product_id=product.id),
        button=_("Discard this change"),
        action_form=EmptyForm(),
    )
