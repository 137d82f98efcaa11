"""qualification documents: their kinds as data (a name per language), and each store
document's expiry date; placements and promotions get a Chinese name beside the English one

Revision ID: f3a9c2d71b58
Revises: f22a9c3e7b51
Create Date: 2026-12-06 21:45:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'f3a9c2d71b58'
down_revision = 'f22a9c3e7b51'
branch_labels = None
depends_on = None

# the kinds the portal had in code, and the food licence the seeded tree asks for
KINDS = (
    ('business_licence', '营业执照', 'Business licence'),
    ('tax_registration', '税务登记证', 'Tax registration'),
    ('brand_authorisation', '品牌授权书', 'Brand authorisation'),
    ('food_licence', '食品经营许可证', 'Food business licence'),
    ('other', '其他资质', 'Other qualification'),
)

PLACEMENT_NAMES = {
    'search_top': '搜索结果顶部',
    'search_side': '搜索结果侧栏',
    'feed': '猜你喜欢信息流',
    'home_banner': '首页横幅',
    'category_banner': '类目页横幅',
}

ACTIVITY_NAMES = {
    'Winter Home Sale': '冬季家居特卖',
    'New Year Flash Deals': '新年限时秒杀',
    'Golden Week Home Festival': '国庆黄金周家居节',
}


def upgrade():
    kinds = op.create_table(
        'document_kinds',
        sa.Column('code', sa.String(length=30), nullable=False),
        sa.Column('name_zh', sa.String(length=60), nullable=False),
        sa.Column('name_en', sa.String(length=60), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_document_kinds')),
    )
    op.bulk_insert(
        kinds,
        [
            {'code': code, 'name_zh': zh, 'name_en': en, 'position': position}
            for position, (code, zh, en) in enumerate(KINDS)
        ],
    )
    with op.batch_alter_table('store_documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_on', sa.Date(), nullable=True))
        batch_op.create_index(
            batch_op.f('ix_store_documents_expires_on'), ['expires_on'], unique=False
        )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_zh', sa.String(length=80), nullable=True))
    placements = sa.table('placements', sa.column('code', sa.String), sa.column('name_zh', sa.String))
    for code, name_zh in PLACEMENT_NAMES.items():  # the demo's placements, where they exist
        op.execute(placements.update().where(placements.c.code == code).values(name_zh=name_zh))
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_zh', sa.String(length=120), nullable=True))
    activities = sa.table('activities', sa.column('name', sa.String), sa.column('name_zh', sa.String))
    for name, name_zh in ACTIVITY_NAMES.items():  # the demo's promotions, where they exist
        op.execute(activities.update().where(activities.c.name == name).values(name_zh=name_zh))


def downgrade():
    with op.batch_alter_table('activities', schema=None) as batch_op:
        batch_op.drop_column('name_zh')
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_column('name_zh')
    with op.batch_alter_table('store_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_store_documents_expires_on'))
        batch_op.drop_column('expires_on')
    op.drop_table('document_kinds')
