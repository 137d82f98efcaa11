"""Kinds of qualification document (营业执照, 食品经营许可证 …): data, a name per language.

A category leaf lists the kinds a store needs to sell there (``CategoryNode.qualifications``);
a store's document is of one kind. Pages read the kinds once per request."""

import sqlalchemy as sa
from flask import g, has_app_context
from flask_babel import get_locale
from sqlalchemy.orm import Mapped, mapped_column

from ...extensions import db

KIND_MAX = 30

# What a migrated database starts with (the migration writes the same rows).
BUILT_IN_KINDS = (
    ("business_licence", "营业执照", "Business licence"),
    ("tax_registration", "税务登记证", "Tax registration"),
    ("brand_authorisation", "品牌授权书", "Brand authorisation"),
    ("food_licence", "食品经营许可证", "Food business licence"),
    ("other", "其他资质", "Other qualification"),
)


class DocumentKind(db.Model):
    __tablename__ = "document_kinds"

    code: Mapped[str] = mapped_column(sa.String(KIND_MAX), primary_key=True)
    name_zh: Mapped[str] = mapped_column(sa.String(60))
    name_en: Mapped[str] = mapped_column(sa.String(60))
    position: Mapped[int] = mapped_column(default=0)

    @property
    def label(self) -> str:
        chinese = str(get_locale() or "zh").startswith("zh") if has_app_context() else True
        return (self.name_zh if chinese else self.name_en) or self.name_zh


def seed_document_kinds() -> None:
    """Adds the built-in kinds that are missing (demo data, tests); never renames one."""
    known = set(db.session.scalars(sa.select(DocumentKind.code)))
    for position, (code, zh, en) in enumerate(BUILT_IN_KINDS):
        if code not in known:
            db.session.add(DocumentKind(code=code, name_zh=zh, name_en=en, position=position))
    g.pop("document_kinds", None)


def document_kinds() -> dict[str, DocumentKind]:
    """Every kind by code, in order, read once per request."""
    if "document_kinds" not in g:
        rows = db.session.scalars(
            sa.select(DocumentKind).order_by(DocumentKind.position, DocumentKind.code)
        )
        g.document_kinds = {row.code: row for row in rows}
    return g.document_kinds


def kind_code(text: str) -> str | None:
    """The kind a tree file's cell names: its code, or its name in either language."""
    wanted = " ".join(str(text).split()).casefold()
    for kind in document_kinds().values():
        if wanted in (kind.code.casefold(), kind.name_zh.casefold(), kind.name_en.casefold()):
            return kind.code
    return None


def kind_label(code: str) -> str:
    kind = document_kinds().get(code)
    return kind.label if kind else code
