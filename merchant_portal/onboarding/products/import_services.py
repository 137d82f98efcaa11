"""A product CSV imported as one batch, and undone as one. The view commits once."""

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, func, select

from ...auth.models import User
from ...extensions import db
from ...imports.batches import claim_batch, claim_undo, mark_undone
from ...imports.models import ImportBatch
from ...workflow.reviewable import ReviewStatus
from .csv_import import ParsedRow
from .models import Product, ProductImage
from .services import create_product


class CannotUndo(ValueError):
    """Some products of the import have moved on; the message names them."""


def import_products(store, rows: list[ParsedRow], file_name: str, actor: User) -> ImportBatch:
    """Raises AlreadyImported when this store already imported the same rows."""
    batch = claim_batch(
        "products", store.id, [[row.values, row.attributes] for row in rows], file_name, actor
    )
    for row in rows:
        product = create_product(store, row.values, row.attributes, actor)
        product.import_batch_id = batch.id
    return batch


def get_store_batch_or_404(store, batch_id: int) -> ImportBatch | None:
    return db.session.scalar(
        select(ImportBatch).where(
            ImportBatch.id == batch_id,
            ImportBatch.kind == "products",
            ImportBatch.store_id == store.id,
        )
    )


def products_of_batch(batch: ImportBatch) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Product).where(Product.import_batch_id == batch.id)
    )


def undo_product_import(batch: ImportBatch, actor: User) -> list[str]:
    """Deletes the batch's products, all of them or none: a product already submitted or live
    is the merchant's work since, so the undo is refused and names it. Returns the stored
    names of the images to discard once committed. Raises AlreadyUndone when another
    request undid it first."""
    claim_undo(batch, actor)
    products = list(db.session.scalars(select(Product).where(Product.import_batch_id == batch.id)))
    moved_on = [p.title for p in products if p.status != ReviewStatus.DRAFT]
    if moved_on:
        titles = _(", ").join(_("“%(title)s”", title=title) for title in moved_on[:5])
        if len(moved_on) > 5:
            titles = ngettext(
                "%(titles)s and %(num)d more",
                "%(titles)s and %(num)d more",
                len(moved_on) - 5,
                titles=titles,
            )
        raise CannotUndo(
            _(
                "These products from the import were submitted since, so the import cannot be "
                "undone as a whole: %(titles)s.",
                titles=titles,
            )
        )
    ids = [p.id for p in products]
    images = list(
        db.session.scalars(select(ProductImage.stored_name).where(ProductImage.product_id.in_(ids)))
    )
    db.session.execute(delete(ProductImage).where(ProductImage.product_id.in_(ids)))
    db.session.execute(delete(Product).where(Product.id.in_(ids)))
    mark_undone(batch, actor, removed=len(ids))
    return images
