"""notebook form keys: a double submit of a task or a timeline entry lands once

Revision ID: a7c3e9f15d20
Revises: d8e2f4a6b913
Create Date: 2026-12-06 22:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9f15d20'
down_revision = 'd8e2f4a6b913'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('notebook_entries', 'notebook_tasks'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('form_key', sa.String(length=32), nullable=True))
            batch_op.create_index(f'uq_{table}_form_key', ['store_id', 'form_key'], unique=True)


def downgrade():
    for table in ('notebook_tasks', 'notebook_entries'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f'uq_{table}_form_key')
            batch_op.drop_column('form_key')
