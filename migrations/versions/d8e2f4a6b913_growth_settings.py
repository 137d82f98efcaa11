"""growth settings: the health line admins set in place of HEALTH_RECALL_BELOW

Revision ID: d8e2f4a6b913
Revises: f3a9c2d71b58
Create Date: 2026-12-06 22:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd8e2f4a6b913'
down_revision = 'f3a9c2d71b58'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'growth_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_growth_settings_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_growth_settings')),
        sa.UniqueConstraint('name', name=op.f('uq_growth_settings_name')),
    )


def downgrade():
    op.drop_table('growth_settings')
