"""The category tree is read once per process and kept while its version holds: a change made
through the tree file (here or on another server) is seen by the next request."""

import sqlalchemy as sa
from flask import g

from merchant_portal.extensions import db
from merchant_portal.onboarding.categories.models import CategoryNode
from merchant_portal.onboarding.categories.services import load_seed
from merchant_portal.onboarding.categories.tree import current_tree
from merchant_portal.timeutil import utcnow


def next_request() -> None:
    g.pop("_category_tree", None)


def test_a_renamed_node_is_read_again_though_the_tree_was_kept(app):
    load_seed()
    db.session.commit()
    kept = current_tree()
    leaf = next(node for node in kept.leaves() if node.attributes)
    next_request()
    assert current_tree() is kept, "nothing changed: the next request reads no node"

    # another server renames the node: this process never called forget_tree
    db.session.execute(
        sa.update(CategoryNode)
        .where(CategoryNode.code == leaf.code)
        .values(name_en="Renamed elsewhere", updated_at=utcnow())
    )
    db.session.commit()
    next_request()
    assert current_tree().get(leaf.code).name_en == "Renamed elsewhere"
