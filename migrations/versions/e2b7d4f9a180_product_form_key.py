"""product form key: a double click on a new listing's save makes one draft

Revision ID: e2b7d4f9a180
Revises: c9e4b2a7d613
Create Date: 2026-12-07 19:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2b7d4f9a180'
down_revision = 'c9e4b2a7d613'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('products') as batch_op:
        batch_op.add_column(sa.Column('form_key', sa.String(length=32), nullable=True))
        batch_op.create_index('uq_products_form_key', ['store_id', 'form_key'], unique=True)


def downgrade():
    with op.batch_alter_table('products') as batch_op:
        batch_op.drop_index('uq_products_form_key')
        batch_op.drop_column('form_key')
