"""A product CSV imported as one batch, and undone as one. The view commits once."""

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

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
from .held_state import as_held, data_held, row_held
from .import_updates import (
    apply_update,
    changed_by_later_imports,
    marked_but_new,
    match_rows,
    put_back,
    refused_updates,
    since_export,
    updates_of,
    worked_on_since,
)
from .models import Product, ProductImage, ProductImportUpdate, ProductSku
from .pending import open_change_data
from .services import _editing, create_product
from .sku_rows import as_saved, sku_rows


class CodesRaced(ImportRejected):
    """Another import or save took a merchant code of this file while it was written."""

    def __init__(self):
        super().__init__([RowProblem(0, column_label("merchant_code"), _(
            "another import or save took one of these merchant codes at the same moment: "
            "nothing was imported; upload the file again"))])  # fmt: skip


class CannotUndo(ValueError):
    """Some products of the import have moved on; the message names them."""


IN_STORE = "product_import.in_store"
add_message_words({IN_STORE: lambda: in_store_words()})


def in_store_words() -> str:
    return _(
        "Every product in this file is already in your store exactly as written: nothing to import."
    )


OLDER = "product_import.older"
add_message_words({OLDER: lambda: older_words()})


def older_words() -> str:
    return _(
        "Nothing to import: the file's rows are as it was exported, and those listings were "
        "changed since (importing it would have put their old values back)."
    )


class OnlyOlderRows(AlreadyImported):
    """Every row left of the file is a listing as an older export wrote it."""

    def __init__(self):
        Exception.__init__(self, older_words())

    def as_job_message(self) -> JobMessage:
        return say(OLDER)


class AlreadyInStore(AlreadyImported):
    """Every product of the file is in the store as it is (an export imported back)."""

    def __init__(self):
        Exception.__init__(self, in_store_words())

    def as_job_message(self) -> JobMessage:
        return say(IN_STORE)


def _store_as_held(store) -> tuple[dict, dict]:
    """({listing: what it is in the store, as a file holds it}, {listing on sale: its
    waiting change, as a file holds it})."""
    stored = list(
        db.session.execute(
            select(
                Product.id, Product.title, Product.description, Product.category, Product.price,
                Product.stock, Product.attributes,
            ).where(Product.store_id == store.id)
        )
    )  # fmt: skip
    skus = sku_rows([row[0] for row in stored])
    held = {
        pid: {as_held({"title": t, "description": d, "category": c, "price": p, "stock": s},
                      a or {}, as_saved(skus[pid]))}
        for pid, t, d, c, p, s, a in stored
    }  # fmt: skip
    # a listing on sale with a change waiting is in the store as its change too: its export
    # (which writes the change) imported back changes nothing, and a row as the listing on
    # sale reads leaves the change alone
    editing = {pid: data_held(data) for pid, data in open_change_data(list(held)).items()}
    for pid, now in editing.items():
        held[pid].add(now)
    # only compared: out of the session, so a listing the file changes can replace its SKUs
    # (whose new rows may take the ids of the old) without meeting these copies
    for loaded in skus.values():
        for sku in loaded:
            db.session.expunge(sku)
    return held, editing


def _alike_in_store(row: ParsedRow, held: dict, editing: dict, have: set):
    """What a row is compared with to be left out as in the store already."""
    if not row.listing:
        return have
    if row.mark and row.listing in editing:
        return {editing[row.listing]}
    return held.get(row.listing, ())


def import_products(store, rows: list[ParsedRow], file_name: str, actor: User) -> ImportBatch:
    """Raises AlreadyImported when this store already imported the same rows, and
    AlreadyInStore when every row is a product the store has as it is. Rows that are such a
    product are left out: importing an export back changes nothing. A row whose merchant
    codes are a listing's changes that listing (``import_updates``); the others are new
    drafts. ``batch.row_count`` counts the new ones; ``batch.kept_newer`` names the listings
    whose rows were left out as older than the listing (``since_export``)."""
    # the listing ID counts where written: one file changing listing 1, another the same way
    # listing 2, are two imports
    content = [
        [
            row.values,
            row.attributes,
            [line.as_data() for line in row.skus],
            *([row.listing] if row.listing else []),
            # the mark emptied (the file to be written over a listing) is another file
            *([row.mark] if row.mark else []),
        ]
        for row in rows
    ]
    held, editing = _store_as_held(store)
    have = set().union(*held.values())
    # a row with a listing ID is that listing's: as another listing of the store reads (two
    # mugs alike but for the price, one priced as the other) it is still a change; with the
    # export's mark too, it is compared with the listing as its editor holds it, so that a
    # row as the listing on sale reads, its change made since, is named as left out
    rows = [row for row in rows if row_held(row) not in _alike_in_store(row, held, editing, have)]
    if not rows:  # decided before any batch is claimed: nothing is written to be undone
        refuse_if_imported("products", store.id, content)
        raise AlreadyInStore()
    matched = match_rows(store, rows)
    # locked in one order, as saves and reviewers take listings: two imports at once, or an
    # import and a reviewer's decision, wait for each other instead of deadlocking
    write_lock_first(Product)
    listings = {
        product.id: product
        for product in db.session.scalars(
            select(Product)
            .where(Product.id.in_(sorted(set(matched.updates.values()))))
            .order_by(Product.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    # the same file sent twice at once: the second, having waited for the first's locks,
    # reads the first's changes as made since the export, unless it is found imported first
    refuse_if_imported("products", store.id, content)
    # what each listing's editor holds now (under the lock), read once for both checks
    now = {product_id: _editing(product) for product_id, product in listings.items()}
    older, alike, conflicts = since_export(listings, rows, matched.updates, now)
    left_out = older | alike
    rest = {p: i for p, i in matched.updates.items() if p not in left_out and p not in conflicts}
    problems = [
        *matched.problems, *marked_but_new(rows, matched.updates), *conflicts.values(),
        *refused_updates(listings, rows, rest, now),
    ]  # fmt: skip
    if problems:
        raise ImportRejected(sorted(problems, key=lambda problem: problem.row))
    if len(left_out) == len(rows):
        raise OnlyOlderRows() if older else AlreadyInStore()
    batch = claim_batch("products", store.id, content, file_name, actor)
    batch.row_count = len(rows) - len(matched.updates)
    batch.changed_count = len(matched.updates) - len(left_out)
    # said with what was done, not kept: the listings whose rows were left out
    batch.kept_newer = [listings[matched.updates[position]].title for position in sorted(older)]
    try:
        for position, product_id in sorted(matched.updates.items(), key=lambda item: item[1]):
            if position not in left_out:
                apply_update(batch.id, listings[product_id], rows[position], actor)
        for position, row in enumerate(rows):
            if position not in matched.updates:
                product, _made = create_product(store, row.values, row.attributes, actor,
                                                list(row.skus))  # fmt: skip
                product.import_batch_id = batch.id
    except IntegrityError:
        # a merchant code this file gives a new listing was taken at the same moment (another
        # import, a save): the caller rolls back; uploaded again, the row changes that listing
        raise CodesRaced() from None
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


def _listings_of(batch: ImportBatch, lock: bool) -> tuple[list, list]:
    """The batch's new products, and (record, listing) for each listing it changed."""
    updates = updates_of(batch.id)
    query = (
        select(Product)
        .where(
            (Product.import_batch_id == batch.id)
            | Product.id.in_([update.product_id for update in updates])
        )
        .order_by(Product.id)
        .execution_options(populate_existing=True)
    )
    products = list(db.session.scalars(query.with_for_update() if lock else query))
    by_id = {p.id: p for p in products}
    made = [p for p in products if p.import_batch_id == batch.id]
    return made, [(u, by_id[u.product_id]) for u in updates if u.product_id in by_id]


def undo_refusal(batch: ImportBatch, made=None, changed=None) -> str | None:
    """Why the import cannot be undone as a whole now, naming the listings; None if it can.
    A product since submitted or changed by a later import, or a changed listing worked on
    since, is the merchant's work."""
    if made is None:
        made, changed = _listings_of(batch, lock=False)
    later = changed_by_later_imports([p.id for p in made], batch.id)
    moved_on = [p.title for p in made if p.status != ReviewStatus.DRAFT or p.id in later] + [
        p.title for u, p in changed if worked_on_since(u, p)
    ]
    if not moved_on:
        return None
    titles = _(", ").join(_("“%(title)s”", title=title) for title in moved_on[:5])
    if len(moved_on) > 5:
        titles = ngettext(
            "%(titles)s and %(num)d more",
            "%(titles)s and %(num)d more",
            len(moved_on) - 5,
            titles=titles,
        )
    return _(
        "These products from the import were submitted or changed since, so the import "
        "cannot be undone as a whole: %(titles)s.",
        titles=titles,
    )


def undo_product_import(batch: ImportBatch, actor: User) -> list[str]:
    """Deletes the batch's new products and puts back the listings it changed, all of them or
    none (``undo_refusal``, raised as CannotUndo). Returns the stored names of the images to
    discard once committed. Raises AlreadyUndone when another request undid it first."""
    claim_undo(batch, actor)
    # locked, in one order, and read as they are now: a listing submitted (or saved) while
    # the undo ran was checked as a draft and then deleted, its submission with it
    write_lock_first(Product)
    made, changed = _listings_of(batch, lock=True)
    refusal = undo_refusal(batch, made, changed)
    if refusal:
        raise CannotUndo(refusal)
    for update, product in changed:
        put_back(update, product, actor)
    ids = [p.id for p in made]
    images = list(
        db.session.scalars(select(ProductImage.stored_name).where(ProductImage.product_id.in_(ids)))
    )
    db.session.execute(delete(ProductImage).where(ProductImage.product_id.in_(ids)))
    db.session.execute(delete(ProductSku).where(ProductSku.product_id.in_(ids)))
    # an undone import's record of changing one of these goes with it (nothing to put back)
    db.session.execute(delete(ProductImportUpdate).where(ProductImportUpdate.product_id.in_(ids)))
    db.session.execute(delete(Product).where(Product.id.in_(ids)))
    mark_undone(batch, actor, removed=len(ids))
    return images
