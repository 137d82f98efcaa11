"""A product CSV imported as one batch, and undone as one. The view commits once."""

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, func, select

from ...auth.models import User
from ...csv_files import ImportRejected, RowProblem
from ...extensions import db
from ...imports.batches import (
    AlreadyImported,
    claim_batch,
    claim_undo,
    mark_undone,
    refuse_if_imported,
)
from ...imports.models import ImportBatch
from ...jobs.messages import JobMessage, add_message_words, say
from ...transitions import write_lock_first
from ...workflow.reviewable import ReviewStatus
from .file_import import ParsedRow
from .file_names import column_label
from .models import Product, ProductImage, ProductSku
from .services import create_product
from .sku_rows import as_saved, codes_taken, sku_rows


class CannotUndo(ValueError):
    """Some products of the import have moved on; the message names them."""


IN_STORE = "product_import.in_store"
add_message_words({IN_STORE: lambda: in_store_words()})


def in_store_words() -> str:
    return _(
        "Every product in this file is already in your store exactly as written: nothing to import."
    )


class AlreadyInStore(AlreadyImported):
    """Every product of the file is in the store as it is (an export imported back)."""

    def __init__(self):
        Exception.__init__(self, in_store_words())

    def as_job_message(self) -> JobMessage:
        return say(IN_STORE)


def _as_stored(values: dict, attributes: dict, skus: list[dict] = ()) -> tuple:
    price = values.get("price")
    lines = tuple(sorted((s["combination"], f"{s['price']}", s["stock"], s["code"]) for s in skus))
    if len(lines) == 1 and not lines[0][3]:
        lines = ()  # one SKU without a code sells exactly as a listing without SKUs
    return (
        values.get("title") or "",
        values.get("description") or "",
        values.get("category") or "",
        None if price is None else f"{price:.2f}",
        values.get("stock"),
        tuple(sorted((k, v) for k, v in (attributes or {}).items() if v)),
        lines,
    )


def _row_skus(row: ParsedRow) -> list[dict]:
    return [line.as_data() for line in row.skus]


def _codes_free(store, rows: list[ParsedRow]) -> None:
    """A merchant code another listing of the store has is refused, named by row."""
    written = {line.code: n for row in rows for line, n in zip(row.skus, row.sku_rows) if line.code}  # noqa: B905
    taken = codes_taken(store.id, list(written), None)
    if taken:
        raise ImportRejected(
            [
                RowProblem(
                    written[code],
                    column_label("merchant_code"),
                    _("merchant code %(code)s is used by another listing of your store", code=code),
                )
                for code in sorted(taken, key=written.get)
            ]
        )


def import_products(store, rows: list[ParsedRow], file_name: str, actor: User) -> ImportBatch:
    """Raises AlreadyImported when this store already imported the same rows, and
    AlreadyInStore when every row is a product the store has as it is. Rows that are such a
    product are left out: importing an export back changes nothing."""
    content = [[row.values, row.attributes, _row_skus(row)] for row in rows]
    stored = list(
        db.session.execute(
            select(
                Product.id, Product.title, Product.description, Product.category, Product.price,
                Product.stock, Product.attributes,
            ).where(Product.store_id == store.id)
        )
    )  # fmt: skip
    skus = sku_rows([row[0] for row in stored])
    have = {
        _as_stored(
            {"title": t, "description": d, "category": c, "price": p, "stock": s},
            a or {},
            as_saved(skus[pid]),
        )
        for pid, t, d, c, p, s, a in stored
    }
    rows = [
        row for row in rows if _as_stored(row.values, row.attributes, _row_skus(row)) not in have
    ]
    if not rows:  # decided before any batch is claimed: nothing is written to be undone
        refuse_if_imported("products", store.id, content)
        raise AlreadyInStore()
    _codes_free(store, rows)
    batch = claim_batch("products", store.id, content, file_name, actor)
    batch.row_count = len(rows)
    for row in rows:
        product, _made = create_product(store, row.values, row.attributes, actor, list(row.skus))
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
    # locked, in one order, and read as they are now: a listing submitted (or saved) while
    # the undo ran was checked as a draft and then deleted, its submission with it
    write_lock_first(Product)
    products = list(
        db.session.scalars(
            select(Product)
            .where(Product.import_batch_id == batch.id)
            .order_by(Product.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )
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
    db.session.execute(delete(ProductSku).where(ProductSku.product_id.in_(ids)))
    db.session.execute(delete(Product).where(Product.id.in_(ids)))
    mark_undone(batch, actor, removed=len(ids))
    return images
