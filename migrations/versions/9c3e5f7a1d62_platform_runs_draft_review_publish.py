"""platform runs are drafts until published; stores have a monthly ad budget

Revision ID: 9c3e5f7a1d62
Revises: 7b41d0c2e8a5
Create Date: 2026-12-06 02:45:00

Runs made before this told merchants as they ran: they count as published.
"""
from alembic import op
import sqlalchemy as sa


revision = '9c3e5f7a1d62'
down_revision = '7b41d0c2e8a5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ad_budgets',
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('monthly', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_ad_budgets_set_by_id_users')),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_ad_budgets_store_id_stores')),
    sa.PrimaryKeyConstraint('store_id', name=op.f('pk_ad_budgets'))
    )
    with op.batch_alter_table('platform_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=12), server_default='draft', nullable=False))
        batch_op.add_column(sa.Column('published_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('published_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('excluded', sa.JSON(none_as_null=True), nullable=True))
        batch_op.add_column(sa.Column('rerun_of_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_platform_runs_published_by_id_users'), 'users', ['published_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_platform_runs_rerun_of_id_platform_runs'), 'platform_runs', ['rerun_of_id'], ['id'])
    op.execute("UPDATE platform_runs SET state = 'published', published_at = created_at")


def downgrade():
    with op.batch_alter_table('platform_runs', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_platform_runs_rerun_of_id_platform_runs'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_platform_runs_published_by_id_users'), type_='foreignkey')
        batch_op.drop_column('rerun_of_id')
        batch_op.drop_column('excluded')
        batch_op.drop_column('published_at')
        batch_op.drop_column('state')
    op.drop_table('ad_budgets')
