"""Stores listed in pinyin order on PostgreSQL: the ICU collation and an index under it.

Revision ID: d7e3a1c5b920
Revises: c6e2a4f9b130
Create Date: 2026-12-07 07:00:00

"""

from alembic import op

revision = "d7e3a1c5b920"
down_revision = "c6e2a4f9b130"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite has no ICU collation: it keeps its own order (i18n.name_order)
    op.execute(
        "CREATE COLLATION IF NOT EXISTS pinyin (provider = icu, locale = 'zh-u-co-pinyin')"
    )
    op.execute("CREATE INDEX ix_stores_name_pinyin_id ON stores (name COLLATE pinyin, id)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_stores_name_pinyin_id")
    op.execute("DROP COLLATION IF EXISTS pinyin")
