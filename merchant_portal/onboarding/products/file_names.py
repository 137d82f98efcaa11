# ruff: noqa: RUF001, RUF002  (the separators and brackets merchants type)
"""What the names in a merchant's product file mean, in either language.

A merchant from Taobao writes 标题 and 价格 as headers, 园艺家居 as the category (exactly as
the Chinese pages show it) and 材质=陶瓷 as an attribute; one with an English file writes
title, Garden and material=ceramic. Both are read; what is written back (template, export,
problems) speaks the reader's language.
"""

import re
import unicodedata
from functools import cache

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...i18n import LOCALES
from ..catalog import ATTRIBUTE_LABELS, CATEGORIES, CATEGORY_LABELS, attributes_for

COLUMNS = ("title", "description", "category", "price", "stock", "attributes")
REQUIRED = ("title", "category", "price", "stock")
COLUMN_LABELS = {
    "title": _l("Title"),
    "description": _l("Description"),
    "category": _l("Category"),
    "price": _l("Price"),
    "stock": _l("Stock"),
    "attributes": _l("Attributes"),
}
# the headers marketplaces' own exports use (Taobao's 宝贝标题, 一口价, JD's 商品名称 …)
SYNONYMS = {
    "title": ("商品标题", "宝贝标题", "商品名称", "名称", "name", "product name"),
    "description": ("商品描述", "宝贝描述", "详情"),
    "category": ("商品类目", "分类", "类别", "类目路径", "category path"),
    "price": ("售价", "一口价", "单价", "价格(元)"),
    "stock": ("库存数量", "数量", "quantity", "inventory"),
    "attributes": ("属性", "商品属性", "宝贝属性"),
}
PATH_SEPARATORS = re.compile(r"\s*(?:›|>|/|\||»)\s*")


def fold(name: str) -> str:
    """A name as compared: NFKC (full-width letters and brackets made plain), lower case,
    no spaces, no required-marks (*), no unit in brackets ("价格（元）" is 价格)."""
    name = unicodedata.normalize("NFKC", str(name or "")).strip().lower()
    name = re.sub(r"\([^)]*\)$", "", name).replace("*", "")
    return re.sub(r"\s+", "", name)


def _in_every_language(label) -> list[str]:
    names = []
    for locale in LOCALES:
        with force_locale(locale):
            names.append(str(label))
    return names


@cache
def _index(kind: str) -> dict[str, str]:
    """{folded name in any language: code} for "column", "category" or "attribute"."""
    labels = {"column": COLUMN_LABELS, "category": CATEGORY_LABELS, "attribute": ATTRIBUTE_LABELS}
    index = {}
    for code, label in labels[kind].items():
        for name in (code, *_in_every_language(label), *SYNONYMS.get(code, ())):
            index.setdefault(fold(name), code)
    return index


def column_code(header: str) -> str | None:
    return _index("column").get(fold(header))


def attribute_code(name: str) -> str | None:
    return _index("attribute").get(fold(name))


def category_code(text: str) -> str | None:
    """The category a cell names: its code, its name in either language, or a path ending
    in it (家居园艺 › 园艺家居)."""
    whole = _index("category").get(fold(text))
    if whole or not text:
        return whole
    last = PATH_SEPARATORS.split(text.strip())[-1]
    return _index("category").get(fold(last))


def column_label(code: str) -> str:
    return str(COLUMN_LABELS.get(code) or attribute_label_here(code))


def category_label_here(code: str) -> str:
    return str(CATEGORY_LABELS.get(code, code))


def attribute_label_here(code: str) -> str:
    return str(ATTRIBUTE_LABELS.get(code, code))


def categories_said() -> str:
    return _(", ").join(category_label_here(code) for code in CATEGORIES)


def attributes_said(category: str) -> str:
    return _(", ").join(attribute_label_here(name) for name in attributes_for(category)) or _(
        "none"
    )
