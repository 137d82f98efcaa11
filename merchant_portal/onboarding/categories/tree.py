# ruff: noqa: RUF001, RUF003  (the separators merchants type)
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
from .search_words import also_called

SEPARATOR = " › "
# what merchants put between levels: › comes back from a GBK file (Excel's CSV on Chinese
# Windows) as "?", and a Chinese keyboard types ／ 》 〉 → 、 and ＞. No spaces around the
# marks in the pattern: "\s*>\s*" over a cell of 60,000 spaces took a minute (quadratic).
PATH_SEPARATORS = re.compile(r"›|>|/|\\|\||»|＞|／|》|〉|→|、|\?|？")
DASHES = re.compile(r"-|－|—|–|_")  # as Chinese keyboards type them
PATH_MAX = 300  # longer than any path: not looked up (a 128 KB cell is a file's mistake)
FOUND_KEPT = 4096  # texts looked up, kept with the tree (a file repeats its categories)


def is_chinese() -> bool:
    locale = get_locale() if has_app_context() else None
    return str(locale or "zh").startswith("zh")


def fold(name: str) -> str:
    """A name as compared: NFKC, lower case, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name or "")).strip().lower())


_UNSEEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff'’‘`-]")


def path_fold(name: str) -> str:
    """A category's name as a file's path is compared: ``fold``, without apostrophes or
    hyphens (Womens clothing for Women's clothing, Tshirts for T-shirts) and without the
    invisible marks a copied cell brings (zero-width spaces, direction marks, a BOM)."""
    return _UNSEEN.sub("", fold(name))


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
        self._folded: list | None = None
        self._found: dict[str, tuple] = {}
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
        """The node a merchant's text names: its code, its full path in either language, the
        end of its path, or the name of a leaf that only one leaf has (in either language).
        With nothing found, the nearest names, best first. A file names the same category on
        many rows: each text is looked up once per tree."""
        text = str(text or "").strip()
        found = self._found.get(text)
        if found is None:
            if len(self._found) >= FOUND_KEPT:  # the tree outlives requests: kept bounded
                self._found.clear()
            found = self._found[text] = self._find(text)
        return found

    def _find(self, text: str) -> tuple[Node | None, list[Node]]:
        if not text or len(text) > PATH_MAX:
            return None, []
        if text in self.by_code:
            return self.by_code[text], []
        parts = [path_fold(part) for part in PATH_SEPARATORS.split(text)]
        found = self._named_by([part for part in parts if part])
        readings = (text.split(), DASHES.split(text)) if found is None and len(parts) == 1 else ()
        for levels in readings:
            # "女装 T恤", "女装-T恤": levels apart by a space, as the editor's category search
            # takes them, or by a dash, as merchants' own sheets write them (a dash is no
            # separator: names have them, T-shirts); only a match is taken from such a
            # reading, never its guesses
            guess = self._named_by([path_fold(p) for p in levels]) if len(levels) > 1 else None
            if guess is not None and guess[0] is not None:
                found = guess
                break
        if found is None:
            found = self._searched(text)
        return found if found is not None else (None, self.nearest(text))

    def _searched(self, text: str) -> tuple[Node | None, list[Node]] | None:
        """As the editor's category search finds it: every word of the text in the leaf's
        path, in either language or as merchants also call it (女装 短袖 for 女装 > T恤).
        Only one leaf found is taken; several are offered. A single word is not searched:
        "Kitchen" inside one leaf's path is too little to file a listing under it unasked."""
        words = [path_fold(w) for w in re.split(r"\s+", PATH_SEPARATORS.sub(" ", text)) if w]
        if len(words) < 2:
            return None
        found = []
        for node in self.leaves():
            path = node.path(True) + " " + node.path(False)
            said = path_fold(path) + " " + path_fold(also_called(path))
            if all(word in said for word in words):
                found.append(node)
        if len(found) == 1:
            return found[0], []
        return (None, found[:5]) if found else None

    def _named_by(self, wanted: list[str]) -> tuple[Node | None, list[Node]] | None:
        """Each level named in either language ("女装 > T-shirts" too)."""
        if not wanted:
            return None
        paths = self._paths()

        def ends_with(levels: list[set], size: int) -> bool:
            return len(levels) >= size and all(
                name in level for name, level in zip(wanted[-size:], levels[-size:], strict=True)
            )

        for node, levels in paths:
            if len(levels) == len(wanted) and ends_with(levels, len(wanted)):
                return node, []
        # the end of a path ("女装 > T恤" of 服饰内衣 > 女装 > T恤; 服装/女装/T恤, whose top
        # is named otherwise): the longest end that names something, down to two levels
        for size in range(min(len(wanted), 8), 1, -1):
            ends = [node for node, levels in paths if ends_with(levels, size)]
            if len(ends) == 1:
                return ends[0], []
            if ends:
                return None, ends[:5]
        # a name alone, or a path's last part: what a merchant copies from a page
        named = [node for node, levels in paths if ends_with(levels, 1)]
        leaves = [n for n in named if n.is_leaf]
        if len(leaves) == 1:
            return leaves[0], []
        if len(named) == 1:
            return named[0], []
        if named:
            return None, named[:5]
        return None

    def _paths(self) -> list[tuple[Node, list[set]]]:
        """(node, the names of each level of its path, both languages folded), once."""
        if self._folded is None:
            self._folded = [
                (node, [{path_fold(n.name_zh), path_fold(n.name_en)} for n in node.lineage])
                for node in self.walk()
            ]
        return self._folded

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
