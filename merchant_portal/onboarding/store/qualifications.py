"""Whether a store holds the documents a category needs (a food licence for 食品): to list a
product there, and to offer a live listing for promotions.

A kind is held by a document of that kind that was not refused and has not lapsed; one held
document is enough (a renewed licence beside the lapsed one)."""

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from ..categories.kinds import kind_label
from ..categories.tree import current_tree
from .models import StoreDocument


@dataclass(frozen=True)
class Lacking:
    kind: str
    valid_until: date | None = None  # the last valid day of the newest one, when it lapsed

    @property
    def label(self) -> str:
        return kind_label(self.kind)

    def said(self) -> str:
        if self.valid_until:
            return _(
                "%(document)s was valid until %(date)s",
                document=self.label,
                date=format_date(self.valid_until, "long"),
            )
        return _("%(document)s is missing", document=self.label)


def required_kinds(category: str | None) -> list[str]:
    """The kinds a leaf needs, its ancestors' included (a rule set on 食品饮料 holds below)."""
    node = current_tree().get(category)
    if node is None:
        return []
    kinds: list[str] = []
    for each in node.lineage:
        kinds.extend(k for k in each.qualifications or [] if k not in kinds)
    return kinds


def lacking_documents(
    store_id: int, category: str | None, today: date, documents: list | None = None
) -> list[Lacking]:
    """What the store lacks to sell in ``category``, each kind once, in the category's order.
    ``documents``: the store's documents when the caller has them (no second query)."""
    needed = required_kinds(category)
    if not needed:
        return []
    if documents is None:
        documents = list(
            db.session.scalars(select(StoreDocument).where(StoreDocument.store_id == store_id))
        )
    lacking = []
    for kind in needed:
        mine = [d for d in documents if d.kind == kind and d.verdict != "rejected"]
        if any(not d.lapsed(today) for d in mine):
            continue
        ends = [d.expires_on for d in mine if d.expires_on]
        lacking.append(Lacking(kind, max(ends) if ends else None))
    return lacking


def lacking_message(category_path: str, lacking: list[Lacking]) -> str:
    """The sentence a merchant reads where a listing is refused."""
    if not any(x.valid_until for x in lacking):  # none lapsed: naming them says it all
        return _(
            "To sell in %(category)s your store needs %(documents)s. Upload it on your store "
            "page, under Qualification documents.",
            category=category_path,
            documents=_(", ").join(x.label for x in lacking),
        )
    return _(
        "To sell in %(category)s your store needs %(documents)s: %(problems)s. Upload it on "
        "your store page, under Qualification documents.",
        category=category_path,
        documents=_(", ").join(x.label for x in lacking),
        problems=_("; ").join(x.said() for x in lacking),
    )
