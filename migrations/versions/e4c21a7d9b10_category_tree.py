"""category tree: categories as data kept by admins, the 7 coded categories become its leaves

The portal's 7 categories were code (onboarding/catalog.py). They become leaves of the tree
under the top categories a Chinese marketplace has, with the same codes (listings store the
code, so every listing stays in its category) and the same attributes (so every listing keeps
its values). The rest of the tree comes from the seed file (flask categories load).

Revision ID: e4c21a7d9b10
Revises: 5285a146a06c
Create Date: 2026-12-06 18:50:00

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4c21a7d9b10'
down_revision = '5285a146a06c'
branch_labels = None
depends_on = None

# (code, parent code, 中文, English, position, qualifications)
NODES = (
    ('apparel', '', '服饰内衣', 'Clothing & Underwear', 0, []),
    ('home-garden', '', '家居园艺', 'Home & Garden', 1, []),
    ('food-fresh', '', '食品生鲜', 'Food & Fresh', 2, []),
    ('beauty-care', '', '美妆个护', 'Beauty & Personal care', 3, []),
    ('digital-appliances', '', '数码家电', 'Electronics & Appliances', 4, []),
    ('mother-baby-toys', '', '母婴玩具', 'Baby & Toys', 5, []),
    ('Fashion', 'apparel', '服饰鞋包', 'Fashion', 6, []),
    ('Home & Kitchen', 'home-garden', '家居厨具', 'Home & Kitchen', 7, []),
    ('Garden', 'home-garden', '园艺家居', 'Garden', 8, []),
    ('Food & Drink', 'food-fresh', '食品饮料', 'Food & Drink', 7, ['food_licence']),
    ('Beauty', 'beauty-care', '综合美妆', 'Beauty', 6, []),
    ('Electronics', 'digital-appliances', '数码电器', 'Electronics', 7, []),
    ('Toys', 'mother-baby-toys', '玩具', 'Toys', 6, []),
)
# (leaf, code, 中文, English): free text, as they were
ATTRIBUTES = (
    ('Home & Kitchen', 'material', '材质', 'Material'),
    ('Home & Kitchen', 'dimensions', '尺寸', 'Dimensions'),
    ('Home & Kitchen', 'colour', '颜色', 'Colour'),
    ('Fashion', 'size', '尺码', 'Size'),
    ('Fashion', 'colour', '颜色', 'Colour'),
    ('Fashion', 'material', '材质', 'Material'),
    ('Electronics', 'brand', '品牌', 'Brand'),
    ('Electronics', 'model', '型号', 'Model'),
    ('Electronics', 'warranty', '保修', 'Warranty'),
    ('Beauty', 'volume', '容量', 'Volume'),
    ('Beauty', 'skin type', '适用肤质', 'Skin type'),
    ('Beauty', 'key ingredients', '主要成分', 'Key ingredients'),
    ('Toys', 'age range', '适用年龄', 'Age range'),
    ('Toys', 'material', '材质', 'Material'),
    ('Toys', 'batteries', '电池', 'Batteries'),
    ('Garden', 'material', '材质', 'Material'),
    ('Garden', 'dimensions', '尺寸', 'Dimensions'),
    ('Garden', 'season', '适用季节', 'Season'),
    ('Food & Drink', 'weight', '重量', 'Weight'),
    ('Food & Drink', 'origin', '产地', 'Origin'),
    ('Food & Drink', 'best before', '保质期', 'Best before'),
)


def upgrade():
    nodes = op.create_table('category_nodes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name_zh', sa.String(length=60), nullable=False),
    sa.Column('name_en', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('qualifications', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['category_nodes.id'], name=op.f('fk_category_nodes_parent_id_category_nodes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category_nodes')),
    sa.UniqueConstraint('code', name=op.f('uq_category_nodes_code'))
    )
    with op.batch_alter_table('category_nodes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_category_nodes_parent_id'), ['parent_id'], unique=False)

    attributes = op.create_table('category_attributes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name_zh', sa.String(length=60), nullable=False),
    sa.Column('name_en', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('unit', sa.String(length=12), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('sale', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['category_nodes.id'], name=op.f('fk_category_attributes_category_id_category_nodes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_category_attributes')),
    sa.UniqueConstraint('category_id', 'code', name=op.f('uq_category_attributes_category_id'))
    )
    with op.batch_alter_table('category_attributes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_category_attributes_category_id'), ['category_id'], unique=False)

    now = datetime.now(timezone.utc).replace(tzinfo=None)
    ids = {}
    for number, (code, parent, zh, en, position, qualifications) in enumerate(NODES, start=1):
        ids[code] = number
        op.bulk_insert(nodes, [{
            'id': number, 'parent_id': ids.get(parent), 'code': code, 'name_zh': zh,
            'name_en': en, 'position': position, 'retired': False,
            'qualifications': qualifications, 'updated_at': now,
        }])
    positions = {}
    rows = []
    for leaf, code, zh, en in ATTRIBUTES:
        positions[leaf] = positions.get(leaf, -1) + 1
        rows.append({
            'category_id': ids[leaf], 'code': code, 'name_zh': zh, 'name_en': en,
            'kind': 'text', 'unit': '', 'options': [], 'required': False, 'sale': False,
            'position': positions[leaf],
        })
    op.bulk_insert(attributes, rows)
    if op.get_bind().dialect.name == 'postgresql':  # ids were given: the sequence goes on after them
        op.execute("SELECT setval('category_nodes_id_seq', (SELECT max(id) FROM category_nodes))")


def downgrade():
    with op.batch_alter_table('category_attributes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_category_attributes_category_id'))
    op.drop_table('category_attributes')
    with op.batch_alter_table('category_nodes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_category_nodes_parent_id'))
    op.drop_table('category_nodes')
