"""curve fits say their calibration (held-back weeks inside the 90% range) and what they
fitted (a digest of the results: one fit per set of results); pooled curves get their band;
a draft platform run's marked exclusions are rows, kept across pages

Revision ID: f22a9c3e7b51
Revises: f1a2b3c4d5e6
Create Date: 2026-12-06 21:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f22a9c3e7b51'
down_revision = 'f1a2b3c4d5e6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('curve_fits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('holdout_coverage', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('results_key', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_curve_fits_results_key', ['results_key'])
    with op.batch_alter_table('fitted_placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('half_spend_low', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('half_spend_high', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('per_spend_low', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('per_spend_high', sa.Double(), nullable=True))
    op.create_table(
        'platform_run_exclusions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('store_id', sa.Integer(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['run_id'], ['platform_runs.id'], ondelete='CASCADE',
                                name='fk_platform_run_exclusions_run_id_platform_runs'),
        sa.ForeignKeyConstraint(['store_id'], ['stores.id'],
                                name='fk_platform_run_exclusions_store_id_stores'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name='fk_platform_run_exclusions_created_by_id_users'),
        sa.PrimaryKeyConstraint('id', name='pk_platform_run_exclusions'),
        sa.UniqueConstraint('run_id', 'store_id', name='uq_platform_run_exclusions_run_id'),
    )


def downgrade():
    op.drop_table('platform_run_exclusions')
    with op.batch_alter_table('fitted_placements', schema=None) as batch_op:
        batch_op.drop_column('per_spend_high')
        batch_op.drop_column('per_spend_low')
        batch_op.drop_column('half_spend_high')
        batch_op.drop_column('half_spend_low')
    with op.batch_alter_table('curve_fits', schema=None) as batch_op:
        batch_op.drop_constraint('uq_curve_fits_results_key', type_='unique')
        batch_op.drop_column('results_key')
        batch_op.drop_column('holdout_coverage')
