"""activity form key: a double click on a new promotion's save makes one promotion

Revision ID: a4c8e1f2b730
Revises: e2b7d4f9a180
Create Date: 2026-12-07 21:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4c8e1f2b730'
down_revision = 'e2b7d4f9a180'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('activities') as batch_op:
        batch_op.add_column(sa.Column('form_key', sa.String(length=32), nullable=True))
        batch_op.create_index('uq_activities_form_key', ['form_key'], unique=True)


def downgrade():
    with op.batch_alter_table('activities') as batch_op:
        batch_op.drop_index('uq_activities_form_key')
        batch_op.drop_column('form_key')
