"""absolute_terms: the Advertising Law's banned absolute terms, kept by admins

Revision ID: 5e21ad1a0b01
Revises: b7c4e2a91d30
Create Date: 2026-12-06 02:40:00

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e21ad1a0b01'
down_revision = 'b7c4e2a91d30'
branch_labels = None
depends_on = None

# The list as first seeded (ad_terms.SEED_TERMS then); admins keep it from here on.
SEED = (
    '最佳',
    '最好',
    '最优',
    '最低',
    '最低价',
    '最便宜',
    '最高级',
    '最强',
    '最新',
    '最先进',
    '最受欢迎',
    '最畅销',
    '最热销',
    '最火',
    '最专业',
    '最权威',
    '最正宗',
    '最实惠',
    '最舒适',
    '第一',
    '第一品牌',
    '销量第一',
    '全网第一',
    '唯一',
    '首选',
    '顶级',
    '国家级',
    '世界级',
    '全网最低价',
    '全球首发',
    '全国首家',
    '100%',
    '百分之百',
    '绝对',
    '万能',
    '极致',
    '终极',
    '无敌',
    '独一无二',
    '史无前例',
    '王牌',
    '领导品牌',
    '金牌',
    'best',
    'the best',
    'No.1',
    'No. 1',
    'number one',
    '#1',
    'lowest price',
    'cheapest',
    "world's best",
    'ultimate',
    'unbeatable',
)


def upgrade():
    table = op.create_table('absolute_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_absolute_terms')),
    sa.UniqueConstraint('term', name=op.f('uq_absolute_terms_term'))
    )
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    op.bulk_insert(table, [{"term": term, "created_at": now} for term in SEED])


def downgrade():
    op.drop_table('absolute_terms')
