"""product import updates: a file's rows whose merchant codes are a listing's change it

Revision ID: b5d9e3a1c642
Revises: a4c8e1f2b730
Create Date: 2026-12-08 00:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5d9e3a1c642'
down_revision = 'a4c8e1f2b730'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'product_import_updates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('before', sa.JSON(), nullable=False),
        sa.Column('had_change', sa.Boolean(), nullable=False),
        sa.Column('after_version', sa.String(length=24), nullable=False),
        sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id']),
        sa.ForeignKeyConstraint(['product_id'], ['products.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('product_import_updates') as batch_op:
        batch_op.create_index('ix_product_import_updates_batch_id', ['batch_id'])
        batch_op.create_index('ix_product_import_updates_product_id', ['product_id'])
        batch_op.create_index(
            'uq_product_import_updates', ['batch_id', 'product_id'], unique=True
        )


def downgrade():
    op.drop_table('product_import_updates')
