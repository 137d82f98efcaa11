"""product SKUs: one row per combination of a listing's sale-attribute values (颜色 × 尺码)
with its own price, stock and merchant code

Existing listings get no rows: a listing without SKU rows sells as one item at its own price
and stock, as before. The first time its merchant saves it with sale values chosen, the editor
asks for each combination's stock (the price is filled in from the listing's); from then on
the product keeps the lowest SKU price and the total stock.

Revision ID: f1a2b3c4d5e6
Revises: c3f8a1d5e207
Create Date: 2026-12-06 21:40:00

"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "f1a2b3c4d5e6"
down_revision = "c3f8a1d5e207"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "product_skus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("combination", sa.String(length=400), nullable=False),
        sa.Column("price", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=False),
        sa.Column("merchant_code", sa.String(length=40), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"]),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("product_id", "combination", name="uq_product_skus_combination"),
        sa.UniqueConstraint("store_id", "merchant_code", name="uq_product_skus_merchant_code"),
    )
    with op.batch_alter_table("product_skus", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_skus_product_id"), ["product_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("product_skus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_skus_product_id"))
    op.drop_table("product_skus")
