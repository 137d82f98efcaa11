"""jobs.claim: the attempt that holds a job, so an overtaken one stops writing

Revision ID: b7c4e2a91d30
Revises: b7c3e1d20a44
Create Date: 2026-12-06 02:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c4e2a91d30'
down_revision = 'b7c3e1d20a44'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_column('claim')
