"""re-plan form key: a double submit of the re-plan button makes one plan

Revision ID: b5d1c8e2f417
Revises: b4d7e1a9c302
Create Date: 2026-12-07 01:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5d1c8e2f417'
down_revision = 'b4d7e1a9c302'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('budget_plans') as batch_op:
        batch_op.add_column(sa.Column('form_key', sa.String(length=32), nullable=True))
        batch_op.create_unique_constraint('uq_budget_plans_form_key', ['form_key'])


def downgrade():
    with op.batch_alter_table('budget_plans') as batch_op:
        batch_op.drop_constraint('uq_budget_plans_form_key', type_='unique')
        batch_op.drop_column('form_key')
