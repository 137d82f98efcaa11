from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...extensions import db
from ...timeutil import utcnow
from ...workflow.reviewable import Reviewable, ReviewStatus

EDITABLE = (ReviewStatus.DRAFT, ReviewStatus.CHANGES_REQUESTED)


class Product(Reviewable, db.Model):
    __tablename__ = "products"
    # one listing per render of the new-listing form: a double click on save makes one draft
    __table_args__ = (sa.Index("uq_products_form_key", "store_id", "form_key", unique=True),)
    review_kind = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    category: Mapped[str | None] = mapped_column(sa.String(60))
    price: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    stock: Mapped[int | None]
    attributes: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # the CSV import that created it, so the import can be undone as a whole
    import_batch_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("import_batches.id"), index=True
    )
    # Kept with the product so lists sort by it; recomputed on every save (quality.py).
    quality_score: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    form_key: Mapped[str | None] = mapped_column(sa.String(32))  # the form render it came from

    store = relationship("Store", lazy="raise")
    images = relationship(
        "ProductImage", order_by="ProductImage.position", back_populates="product", lazy="raise"
    )

    @property
    def is_live(self) -> bool:
        return self.status == ReviewStatus.APPROVED

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE


class ProductImage(db.Model):
    __tablename__ = "product_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id"), index=True)
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    original_name: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(60))
    size: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    # read from the file's header when uploaded (image_size); None for files stored before
    width: Mapped[int | None]
    height: Mapped[int | None]
    # set while the image is part of a change to a live listing, waiting for review: it is
    # not shown on the live listing until the change is approved
    change_id: Mapped[int | None] = mapped_column(sa.ForeignKey("product_changes.id"), index=True)

    product = relationship("Product", back_populates="images", lazy="raise")

    @property
    def dimensions(self) -> tuple[int, int] | None:
        return (self.width, self.height) if self.width and self.height else None


class ProductChange(Reviewable, db.Model):
    """An edit to a live product, reviewed before it replaces what is on sale."""

    __tablename__ = "product_changes"
    review_kind = "product_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id"), index=True)
    data: Mapped[dict] = mapped_column(sa.JSON)  # the edited fields, prices as text
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    product = relationship("Product", lazy="raise")

    @property
    def open(self) -> bool:
        return self.status in (*EDITABLE, ReviewStatus.SUBMITTED)

    def fields(self) -> dict:
        """The stored edit with its numbers typed again: JSON keeps the price as text, and a
        form or a page given the text where it expects a number failed (the edit page of a
        live product answered 500 after every saved change)."""
        from merchant_portal.numbers import parse_decimal, parse_int

        data = dict(self.data or {})
        if data.get("price") not in (None, ""):
            data["price"] = parse_decimal(str(data["price"]))
        if data.get("stock") not in (None, ""):
            data["stock"] = parse_int(data["stock"])
        return data


class ProductSku(db.Model):
    """One combination of a listing's sale-attribute values (颜色 x 尺码 …) with its own price,
    stock and merchant code (商家编码). ``combination`` is canonical JSON ({attribute code:
    the option's Chinese name}, keys sorted), so the same choice is the same row whatever
    order it was typed in. A listing without sale values has no rows and sells at its own
    price and stock; a listing with rows keeps, on the product, the lowest SKU price (shown
    "¥39.90 起") and the total stock, so lists and rules that read the product stay right."""

    __tablename__ = "product_skus"
    __table_args__ = (
        sa.UniqueConstraint("product_id", "combination", name="uq_product_skus_combination"),
        # NULL when the merchant gave none: codes are unique in a store only where written
        sa.UniqueConstraint("store_id", "merchant_code", name="uq_product_skus_merchant_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id"), index=True)
    store_id: Mapped[int] = mapped_column(sa.ForeignKey("stores.id"))
    combination: Mapped[str] = mapped_column(sa.String(400))
    price: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    stock: Mapped[int]
    merchant_code: Mapped[str | None] = mapped_column(sa.String(40))
    position: Mapped[int] = mapped_column(default=0)


class ProductImportUpdate(db.Model):
    """A listing a product import changed rather than made (its merchant codes were the
    listing's): what the listing's editor held before, so undoing the import puts it back,
    and the digest the import left, so an undo never overwrites work done since."""

    __tablename__ = "product_import_updates"
    __table_args__ = (sa.Index("uq_product_import_updates", "batch_id", "product_id", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(sa.ForeignKey("import_batches.id"), index=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id"), index=True)
    before: Mapped[dict] = mapped_column(sa.JSON)  # the editor's data (``_editing``)
    had_change: Mapped[bool] = mapped_column(default=False)  # a live listing's open change
    after_version: Mapped[str] = mapped_column(sa.String(24))  # ``listing_version`` left
