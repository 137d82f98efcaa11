from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db
from ...timeutil import utcnow

CODE_MAX = 60
NAME_MAX = 60
UNIT_MAX = 12
KINDS = ("text", "number", "one", "many")


class CategoryNode(db.Model):
    """One category. Listings store its ``code``, which never changes: moving a node changes
    its parent, retiring it sets ``retired``; nothing is deleted, so a listing always finds
    the category it was filed in (and is told when that category can no longer be chosen)."""

    __tablename__ = "category_nodes"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("category_nodes.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(CODE_MAX), unique=True)
    name_zh: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    name_en: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)
    # kinds of store documents (store.models.DOCUMENT_KINDS) a store needs to sell here
    qualifications: Mapped[list] = mapped_column(sa.JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CategoryAttribute(db.Model):
    """An attribute a listing in a leaf fills. ``options`` (for kinds "one" and "many") is a
    list of {"zh": …, "en": …}; a listing stores the Chinese one, shown in the reader's
    language. A *sale* attribute (颜色, 尺码) is one whose values make a listing's SKUs."""

    __tablename__ = "category_attributes"
    __table_args__ = (sa.UniqueConstraint("category_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("category_nodes.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(CODE_MAX))
    name_zh: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    name_en: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    kind: Mapped[str] = mapped_column(sa.String(8), default="text")
    unit: Mapped[str] = mapped_column(sa.String(UNIT_MAX), default="")
    options: Mapped[list] = mapped_column(sa.JSON, default=list)
    required: Mapped[bool] = mapped_column(default=False)
    sale: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
