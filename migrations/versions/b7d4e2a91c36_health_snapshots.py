"""health over time: a score per store and day, and each fall below the recall threshold

Revision ID: b7d4e2a91c36
Revises: e5b1c7a2d940
Create Date: 2026-12-06 21:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d4e2a91c36'
down_revision = 'e5b1c7a2d940'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'health_snapshots',
        sa.Column('store_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('worst', sa.String(length=30), nullable=True),
        sa.Column('refreshed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_health_snapshots_store_id_stores')),
        sa.PrimaryKeyConstraint('store_id', 'day', name=op.f('pk_health_snapshots')),
    )
    op.create_index('ix_health_snapshots_day', 'health_snapshots', ['day'], unique=False)
    op.create_table(
        'health_crossings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('store_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('previous_score', sa.Integer(), nullable=True),
        sa.Column('threshold', sa.Integer(), nullable=False),
        sa.Column('worst', sa.String(length=30), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_health_crossings_store_id_stores')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_health_crossings')),
        sa.UniqueConstraint('store_id', 'day', name='uq_health_crossings_store_day'),
    )


def downgrade():
    op.drop_table('health_crossings')
    op.drop_index('ix_health_snapshots_day', table_name='health_snapshots')
    op.drop_table('health_snapshots')
