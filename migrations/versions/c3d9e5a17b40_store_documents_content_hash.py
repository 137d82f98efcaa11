"""store_documents: the file's SHA-256, so the same document uploaded twice is noticed

Revision ID: c3d9e5a17b40
Revises: c3a9f1e27b54
Create Date: 2026-12-06 03:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d9e5a17b40'
down_revision = 'c3a9f1e27b54'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('store_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sha256', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_store_documents_store_sha256', ['store_id', 'sha256'])


def downgrade():
    with op.batch_alter_table('store_documents', schema=None) as batch_op:
        batch_op.drop_constraint('uq_store_documents_store_sha256', type_='unique')
        batch_op.drop_column('sha256')
