"""plans have a period: start week, number of weeks, weekly or total budget

Revision ID: 7b41d0c2e8a5
Revises: 5a2c7e1f9b30
Create Date: 2026-12-06 02:30:00

Plans made before keep no period (None): the pages say so and compare them with every result.
"""
from alembic import op
import sqlalchemy as sa


revision = '7b41d0c2e8a5'
down_revision = '5a2c7e1f9b30'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('budget_plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('period_start', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('weeks', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('budget_basis', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('period_budget', sa.Numeric(precision=16, scale=2), nullable=True))
        batch_op.add_column(sa.Column('replanned_from_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_budget_plans_replanned_from_id_budget_plans'),
            'budget_plans', ['replanned_from_id'], ['id'],
        )


def downgrade():
    with op.batch_alter_table('budget_plans', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_budget_plans_replanned_from_id_budget_plans'), type_='foreignkey')
        batch_op.drop_column('replanned_from_id')
        batch_op.drop_column('period_budget')
        batch_op.drop_column('budget_basis')
        batch_op.drop_column('weeks')
        batch_op.drop_column('period_start')
