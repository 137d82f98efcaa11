# ruff: noqa: RUF001  (the separators merchants type)
"""The category tree as a page reads it: read whole, in two queries, once per request.

Every lookup (a leaf's path, its attributes, the category a file's cell names) goes through
``current_tree()``; pages never query a node at a time.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import g, has_app_context
from flask_babel import get_locale

from ...extensions import db
from .models import CategoryAttribute, CategoryNode

SEPARATOR = " › "
PATH_SEPARATORS = re.compile(r"\s*(?:›|>|/|\||»|＞)\s*")


def is_chinese() -> bool:
    locale = get_locale() if has_app_context() else None
    return str(locale or "zh").startswith("zh")


def fold(name: str) -> str:
    """A name as compared: NFKC, lower case, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name or "")).strip().lower())


@dataclass
class Option:
    zh: str
    en: str

    @property
    def label(self) -> str:
        return (self.zh if is_chinese() else self.en) or self.zh


@dataclass
class Attribute:
    code: str
    name_zh: str
    name_en: str
    kind: str = "text"
    unit: str = ""
    options: list[Option] = field(default_factory=list)
    required: bool = False
    sale: bool = False

    @property
    def label(self) -> str:
        return (self.name_zh if is_chinese() else self.name_en) or self.name_zh

    def option_for(self, text: str) -> Option | None:
        """The option a value names, in either language."""
        folded = fold(text)
        return next((o for o in self.options if folded in (fold(o.zh), fold(o.en))), None)

    def shown(self, value: str) -> str:
        """A stored value in the reader's language (options are stored in Chinese)."""
        if not value:
            return ""
        if self.kind == "one":
            option = self.option_for(value)
            return option.label if option else value
        if self.kind == "many":
            parts = [self.option_for(v) for v in split_many(value)]
            return "、".join(
                o.label if o else v for o, v in zip(parts, split_many(value), strict=True)
            )
        if self.kind == "number" and self.unit:
            return f"{value} {self.unit}"
        return value


def split_many(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[、,，;；|]", value or "") if part.strip()]


@dataclass
class Node:
    id: int
    code: str
    parent_id: int | None
    name_zh: str
    name_en: str
    position: int
    retired: bool
    qualifications: list[str]
    children: list["Node"] = field(default_factory=list, repr=False)
    attributes: list[Attribute] = field(default_factory=list)
    parent: "Node | None" = field(default=None, repr=False)

    @property
    def label(self) -> str:
        return (self.name_zh if is_chinese() else self.name_en) or self.name_zh

    @property
    def lineage(self) -> list["Node"]:
        nodes, node = [], self
        while node is not None and len(nodes) < 20:  # a cycle never loops forever
            nodes.append(node)
            node = node.parent
        return nodes[::-1]

    @property
    def depth(self) -> int:
        return len(self.lineage)

    def path(self, zh: bool | None = None) -> str:
        zh = is_chinese() if zh is None else zh
        return SEPARATOR.join((n.name_zh if zh else n.name_en) or n.name_zh for n in self.lineage)

    @property
    def path_label(self) -> str:
        return self.path()

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def withdrawn(self) -> bool:
        """Retired itself or under a retired category."""
        return any(n.retired for n in self.lineage)

    @property
    def listable(self) -> bool:
        return self.is_leaf and not self.withdrawn


class Tree:
    def __init__(self, nodes: list[Node]):
        self.by_id = {n.id: n for n in nodes}
        self.by_code = {n.code: n for n in nodes}
        self.roots: list[Node] = []
        for node in sorted(nodes, key=lambda n: (n.position, n.id)):
            parent = self.by_id.get(node.parent_id) if node.parent_id else None
            node.parent = parent
            (parent.children if parent else self.roots).append(node)

    def get(self, code: str | None) -> Node | None:
        return self.by_code.get(code or "")

    def walk(self):
        """Every node, parents before children, siblings in order."""
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def leaves(self) -> list[Node]:
        return [n for n in self.walk() if n.listable]

    def attributes(self, code: str | None) -> list[Attribute]:
        node = self.get(code)
        return node.attributes if node else []

    def attribute_names(self) -> dict[str, Attribute]:
        """{code: the first attribute of that code}: labels for values whose leaf is unknown."""
        found: dict[str, Attribute] = {}
        for node in self.walk():
            for attribute in node.attributes:
                found.setdefault(attribute.code, attribute)
        return found

    def find(self, text: str) -> tuple[Node | None, list[Node]]:
        """The node a merchant's text names: its code, its full path in either language, or
        the name of a leaf that only one leaf has (in either language). With nothing found,
        the nearest names, best first."""
        text = str(text or "").strip()
        if not text:
            return None, []
        if text in self.by_code:
            return self.by_code[text], []
        wanted = [fold(part) for part in PATH_SEPARATORS.split(text) if part.strip()]
        nodes = list(self.walk())
        for zh in (True, False):
            for node in nodes:
                names = [fold(n.name_zh if zh else n.name_en) for n in node.lineage]
                if names == wanted:
                    return node, []
        if len(wanted) > 1:  # a path's end ("女装 > T恤" of 服饰 > 女装 > T恤): its parent tells
            ends = [node for node in nodes if wanted in _path_ends(node, len(wanted))]
            if len(ends) == 1:
                return ends[0], []
            if ends:
                return None, ends[:5]
        # a name alone, or a path's last part: what a merchant copies from a page
        last = wanted[-1] if wanted else ""
        named = [n for n in nodes if last in (fold(n.name_zh), fold(n.name_en))]
        leaves = [n for n in named if n.is_leaf]
        if len(leaves) == 1:
            return leaves[0], []
        if len(named) == 1:
            return named[0], []
        if named:
            return None, named[:5]
        return None, self.nearest(text)

    def nearest(self, text: str, count: int = 3) -> list[Node]:
        folded = fold(PATH_SEPARATORS.split(text.strip())[-1] if text.strip() else text)
        names = {}
        for node in self.leaves():
            for name in (node.name_zh, node.name_en):
                names.setdefault(fold(name), node)
        close = difflib.get_close_matches(folded, list(names), n=count * 2, cutoff=0.4)
        if not close:  # Chinese names are short: a shared character is a better hint
            close = [name for name in names if set(name) & set(folded)][: count * 2]
        found: list[Node] = []
        for name in close:
            if names[name] not in found:
                found.append(names[name])
        return found[:count]


def _path_ends(node: Node, parts: int) -> list[list[str]]:
    """The last ``parts`` names of the node's path, in Chinese and in English."""
    zh = [fold(n.name_zh) for n in node.lineage]
    en = [fold(n.name_en) for n in node.lineage]
    return [zh[-parts:], en[-parts:]]


def load_tree() -> Tree:
    nodes = {
        row.id: Node(
            id=row.id,
            code=row.code,
            parent_id=row.parent_id,
            name_zh=row.name_zh,
            name_en=row.name_en,
            position=row.position,
            retired=row.retired,
            qualifications=list(row.qualifications or []),
        )
        for row in db.session.execute(sa.select(CategoryNode)).scalars()
    }
    rows = db.session.execute(
        sa.select(CategoryAttribute).order_by(
            CategoryAttribute.category_id, CategoryAttribute.position, CategoryAttribute.id
        )
    ).scalars()
    for row in rows:
        node = nodes.get(row.category_id)
        if node is not None:
            node.attributes.append(attribute_of(row))
    return Tree(list(nodes.values()))


def attribute_of(row: CategoryAttribute) -> Attribute:
    return Attribute(
        code=row.code,
        name_zh=row.name_zh,
        name_en=row.name_en,
        kind=row.kind,
        unit=row.unit or "",
        options=[Option(o.get("zh", ""), o.get("en", "")) for o in row.options or []],
        required=row.required,
        sale=row.sale,
    )


# The tree as last read by this process, with the version it was read at: a request reads the
# version (one small statement) instead of every node and attribute (two statements and ~900
# rows, most of a page's time on the book and the business page). Every change of the tree goes
# through services.apply_rows, which touches the node whose attributes changed, so the version
# moves with any change; each database (engine) keeps its own.
_VERSION = sa.select(
    sa.select(sa.func.count(CategoryNode.id)).scalar_subquery(),
    sa.select(sa.func.max(CategoryNode.updated_at)).scalar_subquery(),
    sa.select(sa.func.count(CategoryAttribute.id)).scalar_subquery(),
    sa.select(sa.func.max(CategoryAttribute.id)).scalar_subquery(),
)
_read: dict[int, tuple[tuple, Tree]] = {}


def _shared_tree() -> Tree:
    engine = db.engine
    version = tuple(db.session.execute(_VERSION).one())
    kept = _read.get(id(engine))
    if kept is not None and kept[0] == version:
        return kept[1]
    tree = load_tree()
    _read[id(engine)] = (version, tree)
    return tree


def current_tree() -> Tree:
    """The tree, read once per request (the editor's quality panel asks on every keystroke),
    and then only when it changed since this process last read it."""
    if not has_app_context():
        return Tree([])
    tree = g.get("_category_tree")
    if tree is None:
        tree = g._category_tree = _shared_tree()
    return tree


def forget_tree() -> None:
    """After the tree changed within this request."""
    _read.clear()
    if has_app_context():
        g.pop("_category_tree", None)
