# ruff: noqa: RUF002  (the separators and brackets merchants type)
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
from ..catalog import attribute_label, attribute_specs, category_label, category_path
from ..categories.tree import SEPARATOR, Attribute, current_tree

COLUMNS = (
    "title", "description", "category", "price", "stock", "attributes", "merchant_code",
    "listing_id", "exported_as",
)  # fmt: skip
REQUIRED = ("title", "category", "price", "stock")
COLUMN_LABELS = {
    "title": _l("Title"),
    "description": _l("Description"),
    "category": _l("Category"),
    "price": _l("Price"),
    "stock": _l("Stock"),
    "attributes": _l("Attributes"),
    "merchant_code": _l("Merchant code"),
    "listing_id": _l("Listing ID"),
    "exported_as": _l("Export version"),
}
# the headers marketplaces' own exports use (Taobao's 宝贝标题, 一口价, JD's 商品名称 …)
SYNONYMS = {
    "title": ("商品标题", "宝贝标题", "商品名称", "名称", "name", "product name"),
    "description": ("商品描述", "宝贝描述", "详情"),
    "category": ("商品类目", "分类", "类别", "类目路径", "category path"),
    "price": ("售价", "一口价", "单价", "价格(元)"),
    "stock": ("库存数量", "数量", "quantity", "inventory"),
    "attributes": ("属性", "商品属性", "宝贝属性"),
    "merchant_code": (
        "商家编码", "商家SKU编码", "SKU编码", "sku编码", "外部编码", "规格编码", "SKU code",
        "seller sku", "outer id",
    ),
    # the export writes it, so that a listing without SKUs (no merchant code) is found too
    "listing_id": ("商品ID", "宝贝ID", "商品编号", "item id", "product id", "id"),
}  # fmt: skip


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
def _column_index() -> dict[str, str]:
    """{folded header in any language: column code}."""
    index = {}
    for code, label in COLUMN_LABELS.items():
        for name in (code, *_in_every_language(label), *SYNONYMS.get(code, ())):
            index.setdefault(fold(name), code)
    return index


def column_code(header: str) -> str | None:
    return _column_index().get(fold(header))


def _names(spec: Attribute) -> set[str]:
    return {fold(spec.code), fold(spec.name_zh), fold(spec.name_en)}


def attribute_code(name: str, category: str | None = None) -> str | None:
    """The attribute a name means: in the category's own attributes first (保质期 is one
    attribute in 食品饮料 and another in 坚果炒货), else in any leaf's."""
    folded = fold(name)
    for spec in attribute_specs(category):
        if folded in _names(spec):
            return spec.code
    if category:
        return None
    for spec in current_tree().attribute_names().values():
        if folded in _names(spec):
            return spec.code
    for node in current_tree().walk():
        for spec in node.attributes:
            if folded in _names(spec):
                return spec.code
    return None


def find_category(text: str):
    """(the leaf's code or None, the nearest leaves' paths when there is none)."""
    node, near = current_tree().find(text)
    if node is not None and node.listable:
        return node.code, []
    if node is not None:  # a top or middle category, or a retired one: what is under it
        near = [n for n in current_tree().leaves() if node in n.lineage][:3] or near
    return None, [n.path_label for n in near]


def category_code(text: str) -> str | None:
    return find_category(text)[0]


def column_label(code: str) -> str:
    return str(COLUMN_LABELS.get(code) or attribute_label_here(code))


def category_label_here(code: str) -> str:
    return category_label(code)


# A file's paths are written with ">": GBK (Excel's CSV on Chinese Windows) has no SEPARATOR,
# and the template saved there came back with "?" between the levels.
FILE_SEPARATOR = " > "


def category_path_here(code: str) -> str:
    return in_file(category_path(code))


def in_file(path: str) -> str:
    return path.replace(SEPARATOR, FILE_SEPARATOR)


def attribute_label_here(code: str, category: str | None = None) -> str:
    return attribute_label(code, category)


def attributes_said(category: str) -> str:
    return _(", ").join(spec.label for spec in attribute_specs(category)) or _("none")
