"""trust rules: listing changes approved on arrival, and what each rule did to each change;
staff TOTP secrets encrypted at rest (the secrets already stored are encrypted here)

Revision ID: e5b1c7a2d940
Revises: e5b1c7d20a14
Create Date: 2026-12-06 18:50:00

"""
from alembic import op
import sqlalchemy as sa
from flask import current_app
from cryptography.fernet import Fernet

USERS = sa.table('users', sa.column('id', sa.Integer), sa.column('totp_secret', sa.String))


def _recode(change):
    """Every stored TOTP secret passed through ``change`` (encrypt or decrypt)."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(USERS.c.id, USERS.c.totp_secret).where(USERS.c.totp_secret.is_not(None))
    ).all()
    for user_id, secret in rows:
        connection.execute(
            USERS.update().where(USERS.c.id == user_id).values(totp_secret=change(secret))
        )


# revision identifiers, used by Alembic.
revision = 'e5b1c7a2d940'
down_revision = 'e5b1c7d20a14'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'trust_rules',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('max_price_change_pct', sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column('allow_stock_change', sa.Boolean(), nullable=False),
        sa.Column('clean_decisions', sa.Integer(), nullable=False),
        sa.Column('sample_pct', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_table(
        'trust_outcomes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('rule_id', sa.Integer(), nullable=False),
        sa.Column('subject_kind', sa.String(length=20), nullable=False),
        sa.Column('subject_id', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['rule_id'], ['trust_rules.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('trust_outcomes', schema=None) as batch_op:
        batch_op.create_index('ix_trust_outcomes_subject', ['subject_kind', 'subject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trust_outcomes_rule_id'), ['rule_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=64),
                              type_=sa.String(length=255), existing_nullable=True)
    box = Fernet(current_app.config['TOTP_ENCRYPTION_KEY'])
    _recode(lambda secret: box.encrypt(secret.encode()).decode())


def downgrade():
    box = Fernet(current_app.config['TOTP_ENCRYPTION_KEY'])
    _recode(lambda secret: box.decrypt(secret.encode()).decode())
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('totp_secret', existing_type=sa.String(length=255),
                              type_=sa.String(length=64), existing_nullable=True)
    with op.batch_alter_table('trust_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trust_outcomes_rule_id'))
        batch_op.drop_index('ix_trust_outcomes_subject')
    op.drop_table('trust_outcomes')
    op.drop_table('trust_rules')
