"""Marketplace categories and the attributes a listing in each should fill."""

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


def attributes_for(category: str | None) -> tuple[str, ...]:
    return CATEGORIES.get(category or "", ())


def all_attribute_names() -> tuple[str, ...]:
    """Every attribute any category has, each once, in a stable order."""
    return tuple(dict.fromkeys(name for names in CATEGORIES.values() for name in names))


def category_choices(blank: str = "Choose a category") -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(name, name) for name in CATEGORIES]
