"""the account manager's notebook: a contact per merchant, a timeline of entries, tasks with
reminders sent once

Revision ID: c3f8a1d5e207
Revises: b7d4e2a91c36
Create Date: 2026-12-06 21:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3f8a1d5e207'
down_revision = 'b7d4e2a91c36'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'merchant_contacts',
        sa.Column('store_id', sa.Integer(), nullable=False),
        sa.Column('person', sa.String(length=80), nullable=False),
        sa.Column('phone', sa.String(length=30), nullable=False),
        sa.Column('wechat', sa.String(length=40), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_merchant_contacts_store_id_stores')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_merchant_contacts_updated_by_id_users')),
        sa.PrimaryKeyConstraint('store_id', name=op.f('pk_merchant_contacts')),
    )
    op.create_table(
        'notebook_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('store_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_notebook_entries_author_id_users')),
        sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_notebook_entries_store_id_stores')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notebook_entries')),
    )
    op.create_index('ix_notebook_entries_store_created', 'notebook_entries', ['store_id', 'created_at'], unique=False)
    op.create_table(
        'notebook_tasks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('store_id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('remind_on', sa.Date(), nullable=True),
        sa.Column('reminded_at', sa.DateTime(), nullable=True),
        sa.Column('done_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_notebook_tasks_owner_id_users')),
        sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_notebook_tasks_store_id_stores')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notebook_tasks')),
    )
    op.create_index('ix_notebook_tasks_remind', 'notebook_tasks', ['remind_on', 'reminded_at'], unique=False)
    op.create_index('ix_notebook_tasks_store_due', 'notebook_tasks', ['store_id', 'due_on'], unique=False)


def downgrade():
    op.drop_index('ix_notebook_tasks_store_due', table_name='notebook_tasks')
    op.drop_index('ix_notebook_tasks_remind', table_name='notebook_tasks')
    op.drop_table('notebook_tasks')
    op.drop_index('ix_notebook_entries_store_created', table_name='notebook_entries')
    op.drop_table('notebook_entries')
    op.drop_table('merchant_contacts')
