# ruff: noqa: RUF002  (the path separator pages show)
"""Marketplace categories and the attributes a listing in each fills, read from the category
tree admins keep (categories/): the names pages and files use for them."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice

from .categories.search_words import also_called
from .categories.tree import Attribute, Node, current_tree


def category_label(category: str | None) -> str:
    node = current_tree().get(category)
    return node.label if node else (category or "")


def category_path(category: str | None) -> str:
    """家居园艺 › 园艺用品 › 花盆 in Chinese, Home & Garden › Gardening › Flower pots in English."""
    node = current_tree().get(category)
    return node.path_label if node else (category or "")


def attribute_label(name: str, category: str | None = None) -> str:
    spec = attribute_spec(name, category)
    return spec.label if spec else name


def attribute_spec(name: str, category: str | None = None) -> Attribute | None:
    tree = current_tree()
    found = next((a for a in tree.attributes(category) if a.code == name), None)
    return found or tree.attribute_names().get(name)


def attribute_value(name: str, value: str, category: str | None = None) -> str:
    """A stored value as the reader reads it: options in their language, numbers with units."""
    spec = attribute_spec(name, category)
    return spec.shown(value) if spec else value


def attribute_specs(category: str | None) -> list[Attribute]:
    return current_tree().attributes(category)


def attributes_for(category: str | None) -> tuple[str, ...]:
    return tuple(a.code for a in attribute_specs(category))


def all_attribute_names() -> tuple[str, ...]:
    """Every attribute any category has, each once, in a stable order."""
    return tuple(current_tree().attribute_names())


def leaves() -> list[Node]:
    return current_tree().leaves()


def category_choices(blank: str | None = None) -> list[SelectChoice]:
    """Every leaf a listing can be filed in, by its path, grouped under its top category."""
    blank = _l("Choose a category") if blank is None else blank
    return [SelectChoice("", blank)] + [
        SelectChoice(
            node.code,
            node.path_label,
            # the picker finds a leaf by its path in either language (portal.js)
            render_kw={"data-names": _search_names(node)},
            optgroup=node.lineage[0].label,
        )
        for node in leaves()
    ]


def _search_names(node: Node) -> str:
    names = f"{node.path(zh=True)} {node.path(zh=False)}"
    return f"{names} {also_called(names)}".strip()


def category_problem(category: str | None) -> str | None:
    """Why a listing's category can no longer be chosen, or None: a retired (or moved under a
    retired) category, one that was split into finer ones, one that is gone."""
    if not category:
        return None
    node = current_tree().get(category)
    if node is None or node.withdrawn:
        return _("Category retired — choose another.")
    if not node.is_leaf:
        return _("This category was divided — choose one of the finer categories under it.")
    return None


def broad_category_choices(blank: str | None = None) -> list[SelectChoice]:
    """The top two levels, by path: a store's main category, a promotion's categories (a
    promotion for 家居园艺 takes every listing under it)."""
    nodes = [n for n in current_tree().walk() if n.depth <= 2 and not n.withdrawn]
    head = [SelectChoice("", blank)] if blank is not None else []
    return head + [SelectChoice(n.code, n.path_label) for n in nodes]


def within(category: str | None, chosen: list[str]) -> bool:
    """Whether a listing's category is one of ``chosen`` or under one of them."""
    node = current_tree().get(category)
    codes = {n.code for n in node.lineage} if node else {category}
    return bool(codes & set(chosen))
