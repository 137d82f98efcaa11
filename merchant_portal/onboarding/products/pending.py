"""A change to a live listing, as its merchant and its reviewer read it: each field it alters
beside the version on sale, and the change's own quality score. Found by a new user: the
product page showed only the live version while the change waited, so the merchant could
not see what they had sent."""

from decimal import Decimal

from flask import current_app
from flask_babel import format_currency
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import db
from ...workflow.reviewable import ReviewStatus
from ..catalog import attribute_label, category_label
from .models import EDITABLE, Product, ProductChange
from .quality import QualityReport, assess
from .queries import images_after_change, product_images
from .sku_grid import combination_label, parse_combination
from .sku_rows import saved_skus

FIELD_LABELS = {
    "title": _l("Title"),
    "description": _l("Description"),
    "category": _l("Category"),
    "price": _l("Price"),
    "stock": _l("Stock"),
    "images": _l("Images"),
}


def _sku_said(row: dict | None) -> str:
    if not row:
        return ""
    said = _l(
        "%(price)s · stock %(stock)s",
        price=_shown("price", Decimal(str(row["price"]))) if row.get("price") else "—",
        stock=row.get("stock"),
    )
    code = row.get("code")
    return str(said) + (str(_l(" · code %(code)s", code=code)) if code else "")


def sku_diff(product: Product, change: ProductChange) -> list[tuple[str, str, str]]:
    """A row for each SKU the change adds, removes, or prices, stocks or codes otherwise."""
    if "skus" not in (change.data or {}):
        return []
    live = {row["combination"]: row for row in saved_skus(product)}
    proposed = {row["combination"]: row for row in change.data.get("skus") or []}
    category = change.data.get("category", product.category)
    rows = []
    for combination in [*live, *(c for c in proposed if c not in live)]:
        before, after = _sku_said(live.get(combination)), _sku_said(proposed.get(combination))
        if before != after:
            label = combination_label(parse_combination(combination), category)
            rows.append((str(_l("SKU %(sku)s", sku=label)), before, after))
    return rows


def _shown(name: str, value) -> str:
    """A value as the reader reads it: a price in the site's currency, a category by its name
    in the reader's language (codes are for storage)."""
    if value is None or value == "":
        return ""
    if name == "price":
        return format_currency(value, current_app.config["CURRENCY"])
    if name == "category":
        return category_label(str(value))
    return str(value)


def change_diff(product: Product, change: ProductChange) -> list[tuple[str, str, str]]:
    """(field, live value, proposed value) for every field the change alters; the listing's
    own fields named in the reader's language, category attributes as the catalogue names them."""
    rows = []
    for name in ("title", "description", "category", "price", "stock"):
        live = getattr(product, name)
        proposed = change.fields().get(name)
        if str(live if live is not None else "") != str(proposed if proposed is not None else ""):
            rows.append((str(FIELD_LABELS[name]), _shown(name, live), _shown(name, proposed)))
    live_attributes, new_attributes = product.attributes or {}, change.data.get("attributes") or {}
    for name in sorted(set(live_attributes) | set(new_attributes)):
        if live_attributes.get(name, "") != new_attributes.get(name, ""):
            rows.append(
                (
                    attribute_label(name).capitalize(),
                    live_attributes.get(name, ""),
                    new_attributes.get(name, ""),
                )
            )
    rows += sku_diff(product, change)
    live_images = product_images(product)
    proposed_images = images_after_change(product, change)
    if [i.id for i in live_images] != [i.id for i in proposed_images]:
        rows.append(
            (
                str(FIELD_LABELS["images"]),
                ", ".join(i.original_name for i in live_images),
                ", ".join(i.original_name for i in proposed_images),
            )
        )
    return rows


def change_report(product: Product, change: ProductChange) -> QualityReport:
    """The quality the listing would have once the change is approved."""
    data = change.data
    return assess(
        data.get("title", product.title), data.get("description", product.description),
        data.get("category", product.category), data.get("price", product.price),
        data.get("stock", product.stock), data.get("attributes") or {},
        len(images_after_change(product, change)),
        skus=data["skus"] if "skus" in data else saved_skus(product),
    )  # fmt: skip


def open_changes_of(product_ids: list[int]) -> dict[int, bool]:
    """{listing id: True if its open change is with merchant operations, False if it waits for
    the merchant to submit it}, for a page of listings in one statement: a change made in the
    editor or by a file shows in the list, not only on the listing's own page."""
    if not product_ids:
        return {}
    rows = db.session.execute(
        select(ProductChange.product_id, ProductChange.status).where(
            ProductChange.product_id.in_(product_ids),
            ProductChange.status.in_([*EDITABLE, ReviewStatus.SUBMITTED]),
        )
    )
    return {product_id: status == ReviewStatus.SUBMITTED for product_id, status in rows}


def open_change_data(product_ids: list[int]) -> dict[int, dict]:
    """{listing id: its open change's data} for listings on sale with one: what their editor
    holds. The export writes it and the import compares with it, so an export edited in one
    cell and imported back keeps the rest of a change waiting to be submitted (it wrote the
    listing on sale, and the import then put the change back to it without a word)."""
    if not product_ids:
        return {}
    rows = db.session.execute(
        select(ProductChange.product_id, ProductChange.data)
        .join(Product, Product.id == ProductChange.product_id)
        .where(
            ProductChange.product_id.in_(product_ids),
            ProductChange.status.in_([*EDITABLE, ReviewStatus.SUBMITTED]),
            Product.status == ReviewStatus.APPROVED,
        )
    )
    return {product_id: dict(data or {}) for product_id, data in rows}


def change_values(data: dict) -> dict:
    """A change's data as the listing's own columns read (the price a Decimal, not text)."""
    price = data.get("price")
    return {
        "title": data.get("title") or "",
        "description": data.get("description") or "",
        "category": data.get("category"),
        "price": None if price in (None, "") else Decimal(str(price)),
        "stock": data.get("stock"),
    }


def change_mark(change) -> str:
    """Which change a discard button was shown for: its id and when it was started (SQLite
    gives a new change the id of one just deleted)."""
    return f"{change.id}-{change.created_at:%Y%m%d%H%M%S%f}"
