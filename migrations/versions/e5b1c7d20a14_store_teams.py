"""store teams: members with a store role and invitations; each store's merchant its first owner

Revision ID: e5b1c7d20a14
Revises: e4c21a7d9b10
Create Date: 2026-12-06 18:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5b1c7d20a14'
down_revision = 'e4c21a7d9b10'
branch_labels = None
depends_on = None

ROLE = sa.Enum('owner', 'operations', 'ads', 'finance', name='storerole', native_enum=False,
               length=20)


def upgrade():
    op.create_table('store_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', ROLE, nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id')
    )
    with op.batch_alter_table('store_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_store_members_store_id'), ['store_id'], unique=False)

    op.create_table('store_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('store_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('role', ROLE, nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['store_id'], ['stores.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('store_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_store_invitations_store_id'), ['store_id'],
                              unique=False)

    # every store's merchant, who ran it alone until now, becomes its owner, joined when the
    # store opened
    op.execute(
        "INSERT INTO store_members (store_id, user_id, role, joined_at) "
        "SELECT id, merchant_id, 'owner', created_at FROM stores"
    )


def downgrade():
    with op.batch_alter_table('store_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_store_invitations_store_id'))
    op.drop_table('store_invitations')
    with op.batch_alter_table('store_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_store_members_store_id'))
    op.drop_table('store_members')
