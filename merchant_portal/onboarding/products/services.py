"""Changes to products. Each stages its changes; the view commits once."""

from decimal import Decimal
from typing import NamedTuple

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from ...audit import audit
from ...auth.models import User
from ...edit_version import EditedElsewhere, version_of
from ...extensions import db
from ...transitions import insert_once, read_locked, write_lock_first
from ...uploads import save_upload
from ...workflow.machine import move
from ...workflow.reviewable import ReviewStatus
from ...workflow.trust import on_submitted
from .models import EDITABLE, Product, ProductChange, ProductImage
from .quality import assess_product
from .sku_grid import SkuLine, summary
from .sku_rows import as_saved, replace_skus, sku_rows

FIELDS = ("title", "description", "category", "price", "stock")


def form_values(form) -> dict:
    return {name: getattr(form, name).data for name in FIELDS}


def image_count(product: Product) -> int:
    """Images on the listing itself, not those a pending change would add."""
    return db.session.scalar(
        select(func.count())
        .select_from(ProductImage)
        .where(ProductImage.product_id == product.id, ProductImage.change_id.is_(None))
    )


def main_image(product: Product) -> tuple[int, int] | None:
    """The size of the listing's first image (the search thumbnail), when known."""
    first = db.session.execute(
        select(ProductImage.width, ProductImage.height)
        .where(ProductImage.product_id == product.id, ProductImage.change_id.is_(None))
        .order_by(ProductImage.position, ProductImage.id)
        .limit(1)
    ).first()
    return (first.width, first.height) if first and first.width and first.height else None


def refresh_quality(
    product: Product, images: int | None = None, skus: list[dict] | None = None
) -> None:
    """``skus`` as stored, when the caller has them (an import saves thousands of listings)."""
    count = image_count(product) if images is None else images
    if skus is None:
        skus = as_saved(sku_rows([product.id])[product.id])
    product.quality_score = assess_product(product, count, main_image(product), skus).score


def with_sku_summary(values: dict, skus: list[SkuLine]) -> dict:
    """A listing with SKUs keeps their lowest price and total stock as its own."""
    if not skus:
        return values
    price, stock = summary(skus)
    return {**values, "price": price, "stock": stock}


def _set_fields(product: Product, values: dict) -> None:
    product.title = values["title"]
    product.description = values["description"] or ""
    product.category = values["category"] or None
    product.price = values["price"]  # None stays None; 0 stock stays 0
    product.stock = values["stock"]


def _audit(actor: User, product: Product, action: str, **detail) -> None:
    audit(
        actor_id=actor.id,
        subject_kind="product",
        subject_id=product.id,
        action=action,
        detail=detail,
    )


def create_product(
    store,
    values: dict,
    attributes: dict,
    actor: User,
    skus: list[SkuLine] | None = None,
    form_key: str | None = None,
) -> tuple[Product, bool]:
    """(the new draft, True); (the draft this render of the form made already, False): a
    double click on save, or the same form sent twice at once, makes one draft."""
    product = Product(store_id=store.id, attributes=attributes, form_key=form_key)
    _set_fields(product, with_sku_summary(values, skus or []))
    if not insert_once(product):
        made = select(Product).where(Product.store_id == store.id, Product.form_key == form_key)
        return db.session.scalars(made).one(), False
    if skus:
        replace_skus(product, skus)
    refresh_quality(product, images=0, skus=[line.as_data() for line in skus or ()])
    _audit(actor, product, "create", skus=len(skus or ()))
    return product, True


def open_change(product: Product) -> ProductChange | None:
    # read afresh, not from the session's copy: a save that waited on the listing's lock must
    # see the change as the other save (or a submit) left it, not as it was first loaded
    return db.session.scalar(
        select(ProductChange)
        .where(
            ProductChange.product_id == product.id,
            ProductChange.status.in_([*EDITABLE, ReviewStatus.SUBMITTED]),
        )
        .order_by(ProductChange.id.desc())
        .limit(1)
        .execution_options(populate_existing=True)
    )


def last_change(product: Product) -> ProductChange | None:
    """The listing's newest change, whatever became of it."""
    return db.session.scalar(
        select(ProductChange)
        .where(ProductChange.product_id == product.id)
        .order_by(ProductChange.id.desc())
        .limit(1)
    )


def _as_data(values: dict, attributes: dict, skus: list[dict]) -> dict:
    data = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}
    data["attributes"] = attributes
    data["skus"] = skus
    return data


def listing_version(product: Product) -> str:
    """A digest of what the listing's editor opens on: the draft, or a live listing's open
    change (else the listing on sale). Images are left out: they are added and removed
    beside the form, not through it."""
    return version_of(_editing(product))


def _editing(product: Product) -> dict:
    """What the listing's editor opens on, its images left aside (``listing_version``)."""
    change = open_change(product) if product.is_live else None
    data = dict(change.data or {}) if change else _live_data(product)
    data.pop("remove_images", None)
    return data


def update_product(
    product: Product,
    values: dict,
    attributes: dict,
    actor: User,
    skus: list[SkuLine] | None = None,
    seen: str | None = None,
) -> str:
    """Edits a draft directly; an edit to a live product becomes a change held for review.
    ``skus``: the grid as saved (none: the listing sells at its own price and stock).
    ``seen``: the ``listing_version`` the editor was opened on; EditedElsewhere if it has
    been saved since. Returns "saved", "change", "unchanged" (a live listing saved as it is:
    no change kept) or "dropped" (its draft change edited back to the listing on sale)."""
    skus = skus or []
    values = with_sku_summary(values, skus)
    # Two saves of one listing at once: each wrote only the columns it changed, and the row
    # ended half one save, half the other, its SKUs the other's. The second now waits, then
    # starts from what the first saved, and its whole listing is what stays.
    read_locked(product)
    # after the lock: two tabs saving at once, the second sees the first's save (a listing
    # sent for review meanwhile is refused below, as such)
    change = open_change(product) if product.is_live else None
    if change is not None and change.status == ReviewStatus.SUBMITTED:
        raise PermissionError("a change to this product is already waiting for review")
    editing = product.editable or product.is_live
    if seen and editing and seen != listing_version(product):
        proposed = _as_data(values, attributes, [line.as_data() for line in skus])
        if not _alike(proposed, _editing(product)):
            raise EditedElsewhere
        # the very listing saved meanwhile: this same save sent twice (a double click)
        if product.editable:
            return "saved"
        return "change" if open_change(product) else "unchanged"
    if product.editable:
        _set_fields(product, values)
        product.attributes = attributes
        replace_skus(product, skus)
        refresh_quality(product)
        _audit(actor, product, "edit", skus=len(skus))
        return "saved"
    if not product.is_live:
        raise PermissionError("this product cannot be edited now")
    proposed = _as_data(values, attributes, [line.as_data() for line in skus])
    as_live = _alike(proposed, _live_data(product))
    if open_change(product) is None and as_live:
        return "unchanged"  # a change saying nothing would wait for review all the same
    change = editable_change(product)
    change.data = {**proposed, **_image_edits(change)}
    if as_live and not _image_edits(change) and not _has_images(change):
        discard_change(product, change, actor)  # a draft edited back to the listing on sale
        return "dropped"
    _audit(actor, product, "edit_live", change=True, skus=len(skus))
    return "change"


def _live_data(product: Product) -> dict:
    live = {name: getattr(product, name) for name in FIELDS}
    skus = as_saved(sku_rows([product.id])[product.id])
    return _as_data(live, product.attributes or {}, skus)


def _alike(proposed: dict, live: dict) -> bool:
    """The same listing, whatever the form's types: "" and None, 128 and 128.00."""

    def plain(data: dict) -> dict:
        out = {k: "" if v is None else v for k, v in data.items()}
        # an optional attribute left empty is sent as "" and stored as no key at all
        out["attributes"] = {
            k: v for k, v in (out["attributes"] or {}).items() if v not in ("", None)
        }
        out["skus"] = [{k: "" if v is None else v for k, v in sku.items()} for sku in out["skus"]]
        if out.get("price") != "":
            out["price"] = Decimal(str(out["price"]))
        return out

    return plain(proposed) == plain(live)


def _has_images(change: ProductChange) -> bool:
    return bool(
        db.session.scalar(
            select(ProductImage.id).where(ProductImage.change_id == change.id).limit(1)
        )
    )


def _image_edits(change: ProductChange) -> dict:
    return {k: v for k, v in (change.data or {}).items() if k == "remove_images"}


def editable_change(product: Product) -> ProductChange:
    """The open change of a live product, started from the live listing when there is none:
    every edit to a live listing, its images included, goes through one held for review."""
    # The product's row is taken first: two image uploads at once (a drop of several files)
    # both found no open change and each started one, the older one's image then lost to
    # the merchant and the reviewer. SQLite has no row locks: a write takes its lock.
    write_lock_first(Product)
    db.session.execute(select(Product.id).where(Product.id == product.id).with_for_update())
    change = open_change(product)
    if change is not None and change.status == ReviewStatus.SUBMITTED:
        raise PermissionError("a change to this product is already waiting for review")
    if change is None:
        change = ProductChange(product_id=product.id, data=_live_data(product))
        db.session.add(change)
        db.session.flush()
    return change


class NothingToDiscard(Exception):
    """The change was decided (or discarded) before the merchant's discard landed."""


def discard_change(product: Product, change: ProductChange, actor: User) -> list[str]:
    """Drops an open change to a live listing, its added images with it; the listing on sale
    stays as it is. One conditional delete decides against a reviewer deciding at the same
    moment: raises NothingToDiscard when the change is no longer open. Returns the stored
    names of the images to discard once committed."""
    # The listing's row, then the change's, then its images: a reviewer's approval and every
    # save lock them in that order, and taking the images first (or the change without the
    # listing) deadlocked or raced a save on PostgreSQL (a 500 for the merchant). Waiting
    # here on a decision under way, the re-checked status then tells who won.
    read_locked(product)
    still_open = db.session.scalar(
        select(ProductChange.id)
        .where(
            ProductChange.id == change.id,
            ProductChange.status.in_([*EDITABLE, ReviewStatus.SUBMITTED]),
        )
        .with_for_update()
    )
    if still_open is None:
        raise NothingToDiscard
    images = list(
        db.session.scalars(select(ProductImage).where(ProductImage.change_id == change.id))
    )
    db.session.execute(delete(ProductImage).where(ProductImage.change_id == change.id))
    gone = db.session.execute(
        delete(ProductChange).where(
            ProductChange.id == change.id,
            ProductChange.status.in_([*EDITABLE, ReviewStatus.SUBMITTED]),
        )
    ).rowcount
    if gone != 1:
        raise NothingToDiscard
    _audit(
        actor,
        product,
        "discard_change",
        change=change.id,
        was=change.status.value,
        files=[image.original_name for image in images],
    )
    return [image.stored_name for image in images]


def apply_change(change: ProductChange, product: Product) -> None:
    """An approved change replaces what is on sale."""
    data = change.fields()
    for name in FIELDS:
        setattr(product, name, data.get(name))
    product.description = data.get("description") or ""
    product.attributes = data.get("attributes") or {}
    if "skus" in data:  # a change saved before SKUs existed leaves them as they are
        replace_skus(product, data.get("skus") or [])
    removed = [int(i) for i in data.get("remove_images") or ()]
    if removed:
        db.session.execute(
            delete(ProductImage).where(
                ProductImage.product_id == product.id,
                ProductImage.id.in_(removed),
                ProductImage.change_id.is_(None),
            )
        )
    db.session.execute(
        update(ProductImage).where(ProductImage.change_id == change.id).values(change_id=None)
    )
    db.session.flush()
    refresh_quality(product)


IMAGES_TO_SUBMIT = 1  # shoppers do not buy what they cannot see


def submission_problems(product: Product) -> list[str]:
    """What stops the listing (or the change to a live one) from being submitted, all at
    once, as the merchant would fix them."""
    from .queries import images_after_change

    if product.editable:
        price, stock, images = product.price, product.stock, image_count(product)
    else:
        change = open_change(product)
        if change is None or not product.is_live:
            return []
        fields = change.fields()
        price, stock = fields.get("price"), fields.get("stock")
        images = len(images_after_change(product, change))
    problems = [
        problem
        for problem, value in ((_("set a price"), price), (_("set the stock"), stock))
        if value in (None, "")
    ]
    if images < IMAGES_TO_SUBMIT:
        problems.append(_("add at least one image"))
    return problems


class Submitted(NamedTuple):
    what: str  # "listing" or "change"
    rule: str | None = None  # the trust rule that approved the change on arrival, if one did


def submit_product(product: Product, actor: User) -> Submitted:
    # the listing's row first, as a save and a reviewer's decision take it: a submit that
    # locked the change first deadlocked against a save holding the listing (a 500 for one)
    read_locked(product)
    if product.editable:
        move(product, "submit", actor)
        return Submitted("listing")
    change = open_change(product)
    if product.is_live and change is not None:
        move(change, "submit", actor)
        return Submitted("change", on_submitted(change, actor))
    raise NothingToSubmit


class NothingToSubmit(Exception):
    """A live listing without an open change: there is nothing to send for review."""


def add_image(product: Product, upload, actor: User) -> ProductImage:
    """On a draft the image is part of the listing; on a live listing it joins the open
    change and shows only once the change is approved. Raises PermissionError when a change
    is already with merchant operations."""
    read_locked(product)  # RowGone when an import undone meanwhile took the draft away
    change = editable_change(product) if product.is_live else None
    stored = save_upload(upload, "image")
    position = image_count(product)
    image = ProductImage(
        product_id=product.id,
        stored_name=stored.stored_name,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        width=stored.dimensions[0] if stored.dimensions else None,
        height=stored.dimensions[1] if stored.dimensions else None,
        position=position,
        change_id=change.id if change else None,
    )
    db.session.add(image)
    db.session.flush()  # the first image's size counts in the score
    if change is None:
        refresh_quality(product, images=position + 1)
    _audit(actor, product, "add_image", file=stored.original_name, change=change is not None)
    return image


def make_main_image(product: Product, image: ProductImage, actor: User) -> None:
    """Puts ``image`` first (the search thumbnail); the others keep their order after it.
    Only on a listing not yet on sale: a live listing's images change through a review."""
    images = list(
        db.session.scalars(
            select(ProductImage)
            .where(ProductImage.product_id == product.id, ProductImage.change_id.is_(None))
            .order_by(ProductImage.position, ProductImage.id)
        )
    )
    for position, each in enumerate([image] + [i for i in images if i.id != image.id]):
        each.position = position
    db.session.flush()
    refresh_quality(product, images=len(images))
    _audit(actor, product, "main_image", file=image.original_name)


def remove_image(product: Product, image: ProductImage, actor: User) -> bool:
    """Removes a draft's image, or an image a pending change added. An image of a live
    listing stays on sale until the change removing it is approved. Returns whether the image
    is gone now (its file can then be discarded)."""
    if product.is_live and image.change_id is None:
        change = editable_change(product)
        removed = set(change.data.get("remove_images") or ()) | {image.id}
        change.data = {**change.data, "remove_images": sorted(removed)}
        _audit(actor, product, "remove_image", file=image.original_name, change=True)
        return False
    # one DELETE decides: a double click's second ORM delete matched no row (a 500)
    if not db.session.execute(delete(ProductImage).where(ProductImage.id == image.id)).rowcount:
        return True  # removed by the first click: its file goes with that one
    if image.change_id is None:
        refresh_quality(product)
    _audit(actor, product, "remove_image", file=image.original_name)
    return True
