"""import batches keep how many listings they changed: the count was read from the records
of each change, which undoing an earlier import deletes with the listings it made

Revision ID: c7e2f4a9b813
Revises: b5d9e3a1c642
Create Date: 2026-12-08 03:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7e2f4a9b813'
down_revision = 'b5d9e3a1c642'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('import_batches') as batch_op:
        batch_op.add_column(
            sa.Column('changed_count', sa.Integer(), nullable=False, server_default='0')
        )
    op.execute(
        "UPDATE import_batches SET changed_count = (SELECT count(*) FROM product_import_updates"
        " WHERE product_import_updates.batch_id = import_batches.id)"
    )


def downgrade():
    with op.batch_alter_table('import_batches') as batch_op:
        batch_op.drop_column('changed_count')
