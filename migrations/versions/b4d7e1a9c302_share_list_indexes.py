"""share list indexes: a platform run's share list pages in store name order at 100,000 stores

Revision ID: b4d7e1a9c302
Revises: a7c3e9f15d20
Create Date: 2026-12-07 00:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b4d7e1a9c302'
down_revision = 'a7c3e9f15d20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stores', schema=None) as batch_op:
        batch_op.create_index('ix_stores_name_id', ['name', 'id'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_active'), ['active'], unique=False)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_active'))
    with op.batch_alter_table('stores', schema=None) as batch_op:
        batch_op.drop_index('ix_stores_name_id')
