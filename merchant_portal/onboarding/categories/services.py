"""Writing a checked tree file into the tree: nodes matched by code, nothing deleted."""

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask_babel import gettext as _

from ...extensions import db
from ...timeutil import utcnow
from .models import CategoryAttribute, CategoryNode
from .tree import Tree, current_tree, forget_tree, load_tree
from .tree_file import COLUMN_LABELS, COLUMNS, NodeRow, attributes_cell, parse_tree_file

SEED_FILE = Path(__file__).with_name("seed_tree.csv")
ATTRIBUTE_FIELDS = ("code", "name_zh", "name_en", "kind", "unit", "options", "required", "sale")


@dataclass
class Changes:
    added: list[str]
    changed: list[str]
    retired: list[str]

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed)

    def as_detail(self) -> dict:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "retired": len(self.retired),
            "codes": (self.added + self.changed)[:50],
        }


def _attribute_rows() -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    query = sa.select(CategoryAttribute).order_by(
        CategoryAttribute.category_id, CategoryAttribute.position, CategoryAttribute.id
    )
    for row in db.session.scalars(query):
        found.setdefault(row.category_id, []).append(
            {name: getattr(row, name) for name in ATTRIBUTE_FIELDS}
        )
    return found


def apply_rows(rows: list[NodeRow]) -> Changes:
    """Every row's node made as the row says; the same rows twice change nothing the second
    time. Rows are checked already (parse_tree_file)."""
    existing = {n.code: n for n in db.session.scalars(sa.select(CategoryNode))}
    attributes = _attribute_rows()
    changes = Changes([], [], [])
    for row in rows:
        node = existing.get(row.code)
        if node is None:
            node = existing[row.code] = CategoryNode(code=row.code, retired=False)
            db.session.add(node)
            changes.added.append(row.code)
        before = (node.name_zh, node.name_en, node.position, node.retired, node.qualifications)
        node.name_zh, node.name_en, node.position = row.name_zh, row.name_en, row.position
        node.qualifications = row.qualifications
        if row.retired and not node.retired:
            changes.retired.append(row.code)
        node.retired = row.retired
        if row.code not in changes.added and before != (
            node.name_zh,
            node.name_en,
            node.position,
            node.retired,
            node.qualifications,
        ):
            changes.changed.append(row.code)
    db.session.flush()  # ids for the new nodes
    for row in rows:
        node = existing[row.code]
        parent_id = existing[row.parent].id if row.parent else None
        if node.parent_id != parent_id:
            node.parent_id = parent_id
            if row.code not in changes.added + changes.changed:
                changes.changed.append(row.code)
        wanted = [dict(a) for a in row.attributes]
        if attributes.get(node.id, []) != wanted:
            db.session.execute(
                sa.delete(CategoryAttribute).where(CategoryAttribute.category_id == node.id)
            )
            db.session.add_all(
                CategoryAttribute(category_id=node.id, position=i, **a)
                for i, a in enumerate(wanted)
            )
            node.updated_at = utcnow()  # the tree's version moves (tree.current_tree)
            if row.code not in changes.added + changes.changed:
                changes.changed.append(row.code)
    db.session.flush()
    forget_tree()
    return changes


def import_tree_file(raw: bytes) -> Changes:
    """Raises ImportRejected with every problem, having written nothing."""
    return apply_rows(parse_tree_file(raw, current_tree()))


def load_seed() -> Changes:
    """The tree in the repository's seed file; run again, it changes nothing."""
    return import_tree_file(SEED_FILE.read_bytes())


def export_lines(tree: Tree | None = None) -> list[list[str]]:
    tree = tree or load_tree()
    lines = [[str(COLUMN_LABELS[c]) for c in COLUMNS]]
    for node in tree.walk():
        lines.append(
            [
                node.code,
                node.parent.code if node.parent else "",
                node.path_label,
                node.name_zh,
                node.name_en,
                _("yes") if node.retired else "",
                attributes_cell(node.attributes),
                ", ".join(node.qualifications),
            ]
        )
    return lines


LEGACY_CODES = (
    "Home & Kitchen",
    "Fashion",
    "Electronics",
    "Beauty",
    "Toys",
    "Garden",
    "Food & Drink",
)


def seed_rows(codes: tuple[str, ...] | None = None) -> list[NodeRow]:
    """The seed file's rows (checked against an empty tree); with ``codes``, only those nodes
    and the nodes above them: the part of the tree the migration makes from the 7 categories
    the portal had in code."""
    rows = parse_tree_file(SEED_FILE.read_bytes(), Tree([]))
    if codes is None:
        return rows
    parents = {row.code: row.parent for row in rows}
    wanted = set()
    for code in codes:
        while code:
            wanted.add(code)
            code = parents.get(code, "")
    return [row for row in rows if row.code in wanted]
