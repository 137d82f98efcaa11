# ruff: noqa: RUF001, RUF002  (Chinese text as merchants write it)
"""A leaf with sale attributes (颜色 × 尺码) for the SKU tests: the legacy tree has none."""

from merchant_portal.extensions import db
from merchant_portal.onboarding.categories.models import CategoryAttribute, CategoryNode
from merchant_portal.onboarding.categories.tree import forget_tree

LEAF = "tees"
COLOURS = [("红色", "Red"), ("蓝色", "Blue"), ("黑色", "Black")]
SIZES = [("S", "S"), ("M", "M"), ("L", "L")]


def tee_leaf() -> str:
    top = CategoryNode(code="clothes", name_zh="服装", name_en="Clothes")
    db.session.add(top)
    db.session.flush()
    leaf = CategoryNode(code=LEAF, parent_id=top.id, name_zh="T恤", name_en="T-shirts")
    db.session.add(leaf)
    db.session.flush()
    for position, (code, zh, en, options, sale) in enumerate(
        (
            ("colour", "颜色", "Colour", COLOURS, True),
            ("size", "尺码", "Size", SIZES, True),
            ("material", "材质", "Material", [("棉", "Cotton"), ("涤纶", "Polyester")], False),
        )
    ):
        db.session.add(
            CategoryAttribute(
                category_id=leaf.id,
                code=code,
                name_zh=zh,
                name_en=en,
                kind="many" if sale else "one",
                options=[{"zh": z, "en": e} for z, e in options],
                sale=sale,
                position=position,
            )
        )
    db.session.commit()
    forget_tree()
    return LEAF


def tee_form(**extra) -> dict:
    return {
        "title": "纯棉圆领短袖T恤 男女同款 宽松",
        "description": "精梳棉，柔软透气，不易变形。" * 5,
        "category": LEAF,
        "attr:material": "棉",
        **extra,
    }
