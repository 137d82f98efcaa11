"""A product file's rows that are listings the store has: their merchant codes (商家编码) say
which. A merchant exports the catalogue, changes prices and stock in Excel and imports it back,
as marketplaces' own bulk-edit files work; before, every such row was refused ("merchant code
used by another listing"). A draft is changed as its editor would change it; a live listing
gets a change held for review, as an edit in the editor does. Undoing the import puts back
what each editor held before, unless the listing was worked on since."""

import json
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from ...auth.models import User
from ...csv_files import RowProblem
from ...edit_version import version_of
from ...extensions import db
from ...i18n.template_words import sentence_space
from ...imports.models import ImportBatch
from ...workflow.reviewable import ReviewStatus
from .file_import import ParsedRow
from .file_names import column_label
from .held_state import data_held, export_mark, row_held
from .models import Product, ProductImportUpdate
from .pending import open_change_data
from .services import (
    FIELDS,
    _audit,
    _editing,
    _has_images,
    _set_fields,
    discard_change,
    open_change,
    refresh_quality,
    update_product,
)
from .sku_grid import combination_label
from .sku_rows import code_owners, codes_taken, replace_skus


@dataclass
class Matched:
    updates: dict[int, int]  # row position in the file: the listing it changes
    problems: list[RowProblem]


def match_rows(store, rows: list[ParsedRow]) -> Matched:
    """Which rows change a listing of the store: by the listing ID the export wrote, else by
    merchant codes. A row whose ID is no listing of the store, whose codes are another
    listing's, or a listing two rows would change is a problem named by row."""
    codes = {line.code for row in rows for line in row.skus if line.code}
    owners = code_owners(store.id, codes)
    asked = {row.listing for row in rows if row.listing}
    known = dict(
        db.session.execute(
            select(Product.id, Product.title).where(
                Product.store_id == store.id, Product.id.in_(asked)
            )
        ).all()
    ) if asked else {}  # fmt: skip
    others = set().union(*owners.values()) - set(known) if owners else set()
    titles = {**known, **dict(db.session.execute(
        select(Product.id, Product.title).where(Product.id.in_(others))).all())}  # fmt: skip
    updates, problems, first_row = {}, [], {}
    for position, row in enumerate(rows):
        if row.listing and row.listing not in known:
            said = _(
                "your store has no listing %(id)s; leave the listing ID empty for a new "
                "listing", id=row.listing) if not row.mark else _(
                "your store has no listing %(id)s (deleted since the export?); for a new "
                "listing, empty its listing ID and its export version", id=row.listing)  # fmt: skip
            problems.append(RowProblem(row.number, column_label("listing_id"), said))
            continue
        listing = row.listing
        for line, number in zip(row.skus, row.sku_rows, strict=True):
            for owner in sorted(owners.get(line.code, ())) if line.code else ():
                if listing is None:
                    listing = owner
                elif owner != listing:
                    problems.append(RowProblem(number, column_label("merchant_code"), _(
                        "merchant code %(code)s is the listing “%(title)s”'s; a listing's rows "
                        "carry its own codes only", code=line.code,
                        title=titles.get(owner, owner))))  # fmt: skip
        if listing is None:
            continue
        if listing in first_row:
            found_by = "listing_id" if row.listing else "merchant_code"
            problems.append(RowProblem(row.number, column_label(found_by), _(
                "row %(row)d changes the same listing “%(title)s”; keep one",
                row=first_row[listing], title=titles.get(listing, listing))))  # fmt: skip
            continue
        first_row[listing] = row.number
        updates[position] = listing
    return Matched(updates, problems)


def refused_updates(products: dict[int, Product], rows: list[ParsedRow], updates,
                    editing: dict[int, dict]) -> list:  # fmt: skip
    """A listing (or its change) with merchant operations cannot be changed by a file, nor a
    listing whose SKUs the file leaves out (it would take them off sale without a word)."""
    problems = []
    for position, product_id in updates.items():
        product, row = products.get(product_id), rows[position]
        if product is None:  # undone with the import that made it, while this one was read
            problems.append(RowProblem(row.number, column_label("merchant_code"), _(
                "the listing this row changes was deleted meanwhile; upload the file "
                "again")))  # fmt: skip
            continue
        change = open_change(product) if product.is_live else None
        if not (product.editable or product.is_live) or (
            change is not None and change.status == ReviewStatus.SUBMITTED
        ):
            found_by = "listing_id" if row.listing else "merchant_code"
            problems.append(RowProblem(row.number, column_label(found_by), _(
                "“%(title)s” is with merchant operations for review: import this row again "
                "once they decide", title=product.title)))  # fmt: skip
            continue
        written = {line.combination for line in row.skus}
        left_out = [
            sku["combination"] for sku in editing[product_id].get("skus") or ()
            if sku["combination"] not in written
        ]  # fmt: skip
        if left_out:
            shown = _(", ").join(
                combination_label(json.loads(c), product.category) for c in left_out[:5]
            )
            problems.append(RowProblem(row.number, column_label("title"), ngettext(
                "“%(title)s” has %(num)d SKU the file leaves out (%(skus)s): write its row too, "
                "or remove it in the listing's editor",
                "“%(title)s” has %(num)d SKUs the file leaves out (%(skus)s): write their rows "
                "too, or remove them in the listing's editor",
                len(left_out), title=product.title, skus=shown)))  # fmt: skip
    return problems


def since_export(products: dict[int, Product], rows: list[ParsedRow], updates,
                 editing: dict[int, dict]) -> tuple:  # fmt: skip
    """({older row}, {row alike}, {row: problem}) by position, for rows that carry the
    export's mark of their listing (导出版本) when the listing was changed after the export:
    a row the file left as exported would put the old listing back, so it is left out
    (submitted for review since, too); a row as the listing now is has nothing to change
    (the same change made by another file, or in the editor, meanwhile); a row changed in
    the file otherwise is refused, as neither can win without a word. A row without a mark
    is the truth, as before."""
    older, alike, problems = set(), set(), {}
    for position, product_id in updates.items():
        product, row = products.get(product_id), rows[position]
        if product is None or not row.mark:
            continue
        now = data_held(editing[product_id])
        if export_mark(now) == row.mark:
            continue  # as exported: the file's change is the only one
        written = row_held(row)
        if written == now:
            alike.add(position)
            continue
        if export_mark(written) == row.mark:
            older.add(position)
            continue
        problems[position] = (RowProblem(row.number, column_label("exported_as"), _(
            "“%(title)s” was changed after this file was exported, and the file changes it "
            "too: export again and make your change in the new file, or empty this cell (on "
            "each of the listing's rows) to write the file over the listing",
            title=product.title)))  # fmt: skip
    return older, alike, problems


def marked_but_new(rows: list[ParsedRow], updates) -> list[RowProblem]:
    """A row with the export's mark is a listing the store had: with its listing ID and
    merchant codes taken away it would have been made again, a second copy."""
    said = _(
        "this row was exported from a listing of your store, but names none: write its "
        "listing ID back as the export wrote it, or, to make a new listing, empty this cell "
        "on each of its rows"
    )
    return [
        RowProblem(row.number, column_label("exported_as"), said)
        for position, row in enumerate(rows)
        if row.mark and position not in updates and not row.listing
    ]


def _state(product: Product) -> str:
    """A digest of what an undo would overwrite: a draft as its editor holds it; a live
    listing's open change, the images it would remove included (or the listing). Read as a
    file compares listings (``data_held``): a save that changed nothing wrote the editor's
    line breaks (\r\n) and its empty attributes, and the import could no longer be undone."""
    change = open_change(product) if product.is_live else None
    data = dict(change.data or {}) if change is not None else _editing(product)
    return version_of({"held": data_held(data), "remove_images": data.get("remove_images")})


def apply_update(batch_id: int, product: Product, row: ParsedRow, actor: User) -> None:
    """The listing changed as its editor would change it, and what its editor held before
    kept for the import's undo."""
    change = open_change(product) if product.is_live else None
    before = dict(change.data or {}) if change is not None else _editing(product)
    update_product(product, row.values, row.attributes, actor, list(row.skus))
    db.session.flush()
    db.session.add(ProductImportUpdate(
        batch_id=batch_id, product_id=product.id, before=before, had_change=change is not None,
        after_version=_state(product),
    ))  # fmt: skip


def updates_of(batch_id: int) -> list[ProductImportUpdate]:
    return list(
        db.session.scalars(
            select(ProductImportUpdate)
            .where(ProductImportUpdate.batch_id == batch_id)
            .order_by(ProductImportUpdate.product_id)
        )
    )


def worked_on_since(update: ProductImportUpdate, product: Product) -> bool:
    """True when putting the listing back would undo work done after the import, or could
    not be done: submitted or decided since, edited (images included), or a merchant code
    it held taken by another listing meanwhile."""
    if not (product.editable or product.is_live):
        return True
    change = open_change(product) if product.is_live else None
    if change is not None and change.status == ReviewStatus.SUBMITTED:
        return True
    if change is not None and not update.had_change and _has_images(change):
        return True  # images added to the change since (its data does not hold them)
    if change is None and not update.had_change and product.is_live:
        # the change the import made was discarded (nothing to put back), or approved
        return data_held(_editing(product)) != data_held(update.before or {})
    if _state(product) != update.after_version:
        return True
    held = [sku.get("code") for sku in (update.before or {}).get("skus") or ()]
    return bool(codes_taken(product.store_id, [c for c in held if c], product.id))


def changed_by_later_imports(product_ids: list[int], batch_id: int) -> set[int]:
    """Which of these listings an import still standing, other than this one, changed."""
    if not product_ids:
        return set()
    return set(
        db.session.scalars(
            select(ProductImportUpdate.product_id)
            .join(ImportBatch, ImportBatch.id == ProductImportUpdate.batch_id)
            .where(
                ProductImportUpdate.product_id.in_(product_ids),
                ProductImportUpdate.batch_id != batch_id,
                ImportBatch.undone_at.is_(None),
            )
        )
    )


def listings_changed(batch_id: int) -> list[str]:
    """The titles of the listings the import changed, as their editor holds them (a listing
    on sale by its waiting change's title, which the file wrote)."""
    listings = db.session.execute(
        select(Product.id, Product.title)
        .join(ProductImportUpdate, ProductImportUpdate.product_id == Product.id)
        .where(ProductImportUpdate.batch_id == batch_id)
        .order_by(Product.id)
    ).all()
    pending = open_change_data([product_id for product_id, _title in listings])
    return [(pending.get(product_id) or {}).get("title") or title for product_id, title in listings]


def _titles(titles: list[str]) -> str:
    return _(", ").join(_("“%(title)s”", title=title) for title in titles)


def done_words(made: int, changed: list[str] = (), kept: list[str] = ()) -> str:
    """What an import did, in the reader's language; ``changed``: the titles it changed;
    ``kept``: those whose rows it left out, as exported before the listing changed."""
    said = []
    if made or not changed:
        said.append(
            ngettext(
                "Imported %(num)d product as drafts. Add images, then submit them.",
                "Imported %(num)d products as drafts. Add images, then submit them.",
                made,
            )
        )
    if changed:
        said.append(
            ngettext(
                "Changed %(num)d listing of your store (by its listing ID or merchant codes): a "
                "draft at once, a listing on sale as a change sent for review when you submit "
                "it.",
                "Changed %(num)d listings of your store (by their listing IDs or merchant "
                "codes): drafts at once, listings on sale as changes sent for review when you "
                "submit them.",
                len(changed),
            )
        )
        names = _(", ").join(_("“%(title)s”", title=title) for title in changed[:5])
        said.append(
            _("Changed: %(titles)s.", titles=names)
            if len(changed) <= 5
            else ngettext(
                "Changed: %(titles)s and %(num)d more.",
                "Changed: %(titles)s and %(num)d more.",
                len(changed) - 5,
                titles=names,
            )
        )
    if kept:
        shown = _titles(kept[:5])
        if len(kept) > 5:
            shown = ngettext("%(titles)s and %(num)d more", "%(titles)s and %(num)d more",
                             len(kept) - 5, titles=shown)  # fmt: skip
        said.append(ngettext(
            "Left as it is: %(titles)s, changed after the file was exported; its rows were "
            "as exported.",
            "Left as they are: %(titles)s, changed after the file was exported; their rows "
            "were as exported.", len(kept), titles=shown))  # fmt: skip
    return sentence_space().join(said)


def put_back(update: ProductImportUpdate, product: Product, actor: User) -> None:
    """What the listing's editor held before the import: a draft's fields and SKUs; a live
    listing's open change as it was, or none."""
    before = dict(update.before)
    if product.is_live:
        change = open_change(product)
        if change is None:
            return
        if update.had_change:
            change.data = before
        else:
            discard_change(product, change, actor)
        _audit(actor, product, "undo_import_edit", batch=update.batch_id)
        return
    skus = before.pop("skus", None) or []
    values = {name: before.get(name) for name in FIELDS}
    price = values["price"]
    _set_fields(product, {**values, "price": None if price in (None, "") else Decimal(price)})
    product.attributes = before.get("attributes") or {}
    replace_skus(product, skus)
    refresh_quality(product, skus=skus)
    _audit(actor, product, "undo_import_edit", batch=update.batch_id)
