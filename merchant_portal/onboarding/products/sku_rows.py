"""A listing's SKU rows in the database: read for many listings in one query, replaced as a
whole when the listing (or an approved change to it) is saved."""

from decimal import Decimal

from sqlalchemy import delete, func, select

from ...extensions import db
from ...workflow.reviewable import ReviewStatus
from .models import EDITABLE, Product, ProductChange, ProductSku
from .sku_grid import SkuLine, parse_combination

OPEN_CHANGE = (*EDITABLE, ReviewStatus.SUBMITTED)


def sku_rows(product_ids: list[int]) -> dict[int, list[ProductSku]]:
    """{product id: its SKUs in grid order}, one query for the lot."""
    found: dict[int, list[ProductSku]] = {pid: [] for pid in product_ids}
    if not product_ids:
        return found
    rows = db.session.scalars(
        select(ProductSku)
        .where(ProductSku.product_id.in_(product_ids))
        .order_by(ProductSku.product_id, ProductSku.position, ProductSku.id)
    )
    for row in rows:
        found[row.product_id].append(row)
    return found


def as_saved(rows: list[ProductSku]) -> list[dict]:
    """Rows as the grid and a change's JSON keep them."""
    return [
        {
            "combination": row.combination,
            "price": f"{row.price:.2f}",
            "stock": row.stock,
            "code": row.merchant_code or "",
        }
        for row in rows
    ]


def saved_skus(product: Product) -> list[dict]:
    return as_saved(sku_rows([product.id])[product.id]) if product.id else []


def replace_skus(product: Product, lines: list[SkuLine] | list[dict]) -> None:
    """The listing's SKUs become ``lines`` (SkuLines, or a change's stored dicts). Deleted
    first and flushed: a merchant code moved from one row to another must not meet itself."""
    # not matched against every SKU the session holds: an import has the store's thousands
    # loaded, and each listing's replace scanned them all (a 200-row file took 15 s)
    db.session.execute(
        delete(ProductSku)
        .where(ProductSku.product_id == product.id)
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    for position, line in enumerate(lines):
        data = line.as_data() if isinstance(line, SkuLine) else line
        db.session.add(
            ProductSku(
                product_id=product.id,
                store_id=product.store_id,
                combination=data["combination"],
                price=Decimal(str(data["price"])),
                stock=int(data["stock"]),
                merchant_code=(data.get("code") or "").strip() or None,
                position=position,
            )
        )
    db.session.flush()


def code_owners(store_id: int, codes) -> dict[str, set[int]]:
    """{code: the listings of the store that use it, on sale or in a change waiting to be}
    for each of ``codes`` some listing uses."""
    codes = {c for c in codes if c}
    owners: dict[str, set[int]] = {}
    if not codes:
        return owners
    for code, product_id in db.session.execute(
        select(ProductSku.merchant_code, ProductSku.product_id).where(
            ProductSku.store_id == store_id, ProductSku.merchant_code.in_(codes)
        )
    ):
        owners.setdefault(code, set()).add(product_id)
    pending = (
        select(ProductChange.product_id, ProductChange.data)
        .join(Product, ProductChange.product_id == Product.id)
        .where(Product.store_id == store_id, ProductChange.status.in_(OPEN_CHANGE))
    )
    for product_id, data in db.session.execute(pending):
        for row in (data or {}).get("skus") or ():
            if row.get("code") in codes:
                owners.setdefault(row["code"], set()).add(product_id)
    return owners


def codes_taken(store_id: int, codes: list[str], product_id: int | None) -> set[str]:
    """Which of ``codes`` another listing of the store already uses, on sale or in a change
    waiting to be (approving that change would otherwise meet the code on the reviewer's
    click)."""
    return {code for code, owners in code_owners(store_id, codes).items() if owners - {product_id}}


def price_ranges(product_ids: list[int]) -> dict[int, tuple[int, Decimal, Decimal]]:
    """{product id: (SKU count, lowest price, highest price)} for a page of listings, one
    grouped query: a list shows "¥39.90 起" where the SKUs' prices differ."""
    if not product_ids:
        return {}
    rows = db.session.execute(
        select(
            ProductSku.product_id,
            func.count(),
            func.min(ProductSku.price),
            func.max(ProductSku.price),
        )
        .where(ProductSku.product_id.in_(product_ids))
        .group_by(ProductSku.product_id)
    )
    return {pid: (count, low, high) for pid, count, low, high in rows}


def values_of(row: ProductSku | dict) -> dict[str, str]:
    return parse_combination(row["combination"] if isinstance(row, dict) else row.combination)
