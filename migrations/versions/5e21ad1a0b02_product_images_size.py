"""product_images: width and height, for the main-image rule (square, 800 x 800 or more)

Revision ID: 5e21ad1a0b02
Revises: 5e21ad1a0b01
Create Date: 2026-12-06 03:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e21ad1a0b02'
down_revision = '5e21ad1a0b01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('product_images', schema=None) as batch_op:
        batch_op.add_column(sa.Column('width', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('height', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('product_images', schema=None) as batch_op:
        batch_op.drop_column('height')
        batch_op.drop_column('width')
