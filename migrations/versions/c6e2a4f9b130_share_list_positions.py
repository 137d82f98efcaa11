"""share list positions: a run's shares numbered in store name order, so any page of a
100,000-store run is read by number (the middle page walked half the stores)

Revision ID: c6e2a4f9b130
Revises: b5d1c8e2f417
Create Date: 2026-12-07 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c6e2a4f9b130'
down_revision = 'b5d1c8e2f417'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('budget_plans') as batch_op:
        batch_op.add_column(sa.Column('list_position', sa.Integer(), nullable=True))
        batch_op.create_index(
            'ix_budget_plans_run_position', ['platform_run_id', 'list_position'], unique=False
        )
    # runs stored before: numbered as a run now numbers its shares
    op.execute(
        """
        UPDATE budget_plans SET list_position = ranked.position
        FROM (
            SELECT budget_plans.id AS plan_id,
                   ROW_NUMBER() OVER (
                       PARTITION BY budget_plans.platform_run_id ORDER BY stores.name, stores.id
                   ) AS position
            FROM budget_plans JOIN stores ON stores.id = budget_plans.store_id
            WHERE budget_plans.platform_run_id IS NOT NULL
        ) AS ranked
        WHERE budget_plans.id = ranked.plan_id
        """
    )


def downgrade():
    with op.batch_alter_table('budget_plans') as batch_op:
        batch_op.drop_index('ix_budget_plans_run_position')
        batch_op.drop_column('list_position')
