"""recall form key: a double submit of a recall action (and its message) lands once

Revision ID: c9e4b2a7d613
Revises: d7e3a1c5b920
Create Date: 2026-12-07 19:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9e4b2a7d613'
down_revision = 'd7e3a1c5b920'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('recall_actions') as batch_op:
        batch_op.add_column(sa.Column('form_key', sa.String(length=32), nullable=True))
        batch_op.create_index('uq_recall_actions_form_key', ['store_id', 'form_key'], unique=True)


def downgrade():
    with op.batch_alter_table('recall_actions') as batch_op:
        batch_op.drop_index('uq_recall_actions_form_key')
        batch_op.drop_column('form_key')
