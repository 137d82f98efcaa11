"""A database from before the tree: its listings, filed in the 7 categories the portal had in
code, find them as leaves of the tree with their attributes, and keep every value."""

import sqlalchemy as sa
from flask_migrate import upgrade

from merchant_portal.extensions import db
from merchant_portal.onboarding.categories.services import load_seed
from merchant_portal.onboarding.categories.tree import load_tree
from merchant_portal.onboarding.products.models import Product
from tests.test_migrations import empty_database  # noqa: F401  (the fixture)

BEFORE_TREE = "c3d9e5a17b40"
ROWS = [  # (title, category, attributes as the old editor saved them)
    ("Ceramic pot 15 cm", "Garden", '{"material": "ceramic", "dimensions": "15 cm"}'),
    ("Cast iron skillet", "Home & Kitchen", '{"material": "cast iron", "colour": "black"}'),
    ("Green tea 250 g", "Food & Drink", '{"weight": "250 g", "best before": "2027-06"}'),
]


def test_listings_keep_their_category_and_values_through_the_migration(
    make_app,
    empty_database,  # noqa: F811
):
    app = make_app(database_url=empty_database)
    with app.app_context():
        upgrade(revision=BEFORE_TREE)
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # no stores here
                connection.execute(sa.text("SET session_replication_role = replica"))
            for title, category, attributes in ROWS:
                connection.execute(
                    sa.text(
                        "INSERT INTO products (store_id, title, description, category, attributes,"
                        " quality_score, status, created_at, updated_at) VALUES (1, :t, '', :c,"
                        " :a, 0, 'draft', :now, :now)"
                    ),
                    {"t": title, "c": category, "a": attributes, "now": "2026-11-20 10:00:00"},
                )
        upgrade()
        tree = load_tree()
        products = db.session.scalars(sa.select(Product).order_by(Product.id)).all()
        paths = [tree.get(p.category).path(zh=True) for p in products]
        assert paths == ["家居园艺 › 园艺家居", "家居园艺 › 家居厨具", "食品生鲜 › 食品饮料"]  # noqa: RUF001
        assert all(tree.get(p.category).listable for p in products)
        for product in products:  # every saved value is an attribute of its leaf, unchanged
            assert set(product.attributes) <= {a.code for a in tree.attributes(product.category)}
        assert products[0].attributes == {"material": "ceramic", "dimensions": "15 cm"}
        # the whole seed tree loads over the migrated part without touching these leaves
        changes = load_seed()
        db.session.commit()
        assert "Garden" not in changes.added and len(changes.added) > 250
        assert load_tree().get("Garden").path(zh=True) == "家居园艺 › 园艺家居"  # noqa: RUF001
