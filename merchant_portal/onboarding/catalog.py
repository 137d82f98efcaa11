"""Marketplace categories and the attributes a listing in each should fill."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

CATEGORIES: dict[str, tuple[str, ...]] = {
    "Home & Kitchen": ("material", "dimensions", "colour"),
    "Fashion": ("size", "colour", "material"),
    "Electronics": ("brand", "model", "warranty"),
    "Beauty": ("volume", "skin type", "key ingredients"),
    "Toys": ("age range", "material", "batteries"),
    "Garden": ("material", "dimensions", "season"),
    "Food & Drink": ("weight", "origin", "best before"),
}


# Category and attribute names are codes (stored, and written in CSV files as they are here);
# people read them through these labels.
CATEGORY_LABELS = {
    "Home & Kitchen": _l("Home & Kitchen"),
    "Fashion": _l("Fashion"),
    "Electronics": _l("Electronics"),
    "Beauty": _l("Beauty"),
    "Toys": _l("Toys"),
    "Garden": _l("Garden"),
    "Food & Drink": _l("Food & Drink"),
}
ATTRIBUTE_LABELS = {
    "material": _l("material"),
    "dimensions": _l("dimensions"),
    "colour": _l("colour"),
    "size": _l("size"),
    "brand": _l("brand"),
    "model": _l("model"),
    "warranty": _l("warranty"),
    "volume": _l("volume"),
    "skin type": _l("skin type"),
    "key ingredients": _l("key ingredients"),
    "age range": _l("age range"),
    "batteries": _l("batteries"),
    "season": _l("season"),
    "weight": _l("weight"),
    "origin": _l("origin"),
    "best before": _l("best before"),
}


def category_label(category: str) -> str:
    return str(CATEGORY_LABELS.get(category, category))


def attribute_label(name: str) -> str:
    return str(ATTRIBUTE_LABELS.get(name, name))


def attributes_for(category: str | None) -> tuple[str, ...]:
    return CATEGORIES.get(category or "", ())


def all_attribute_names() -> tuple[str, ...]:
    """Every attribute any category has, each once, in a stable order."""
    return tuple(dict.fromkeys(name for names in CATEGORIES.values() for name in names))


def category_choices(blank: str | None = None) -> list[SelectChoice]:
    blank = _l("Choose a category") if blank is None else blank
    return [SelectChoice("", blank)] + [
        SelectChoice(name, CATEGORY_LABELS.get(name, name)) for name in CATEGORIES
    ]
