"""results have a week: one row per store, placement and week

Revision ID: 5a2c7e1f9b30
Revises: 5e21ad1a0b02
Create Date: 2026-12-06 02:40:00

Existing results keep their period; their week is the Monday of the week their period starts
in. Rows that land on the same store, placement and week are merged before the unique
constraint goes on: an exact copy (the form saved twice) is dropped, anything else is summed
into the first row, its period widened to cover both, so no figure is lost or counted twice.
"""
from collections import defaultdict
from datetime import date, timedelta

from alembic import op
import sqlalchemy as sa


revision = '5a2c7e1f9b30'
down_revision = '5e21ad1a0b02'
branch_labels = None
depends_on = None

FIGURES = ("spend", "impressions", "clicks", "conversions", "revenue")


def _day(value):
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def upgrade():
    with op.batch_alter_table('performance_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('week', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('replaced', sa.JSON(none_as_null=True), nullable=True))

    bind = op.get_bind()
    records = sa.table(
        'performance_records',
        sa.column('id', sa.Integer), sa.column('store_id', sa.Integer),
        sa.column('placement_id', sa.Integer), sa.column('period_start', sa.Date),
        sa.column('period_end', sa.Date), sa.column('week', sa.Date),
        sa.column('spend', sa.Numeric), sa.column('impressions', sa.BigInteger),
        sa.column('clicks', sa.BigInteger), sa.column('conversions', sa.Integer),
        sa.column('revenue', sa.Numeric),
    )
    rows = bind.execute(
        sa.select(records.c.id, records.c.store_id, records.c.placement_id,
                  records.c.period_start, records.c.period_end,
                  *(records.c[name] for name in FIGURES)).order_by(records.c.id)
    ).all()
    groups = defaultdict(list)
    for row in rows:
        start = _day(row.period_start)
        groups[(row.store_id, row.placement_id, start - timedelta(days=start.weekday()))].append(row)
    for (_, _, week), same_week in groups.items():
        first, rest = same_week[0], same_week[1:]
        values = {"week": week}
        if rest:
            kept = [first]
            for row in rest:
                if any(tuple(row[2:]) == tuple(k[2:]) for k in kept):
                    continue  # an exact copy: counted once
                kept.append(row)
            for name in FIGURES:
                values[name] = sum(row._mapping[name] for row in kept)
            values["period_start"] = min(_day(row.period_start) for row in kept)
            values["period_end"] = max(_day(row.period_end) for row in kept)
            bind.execute(sa.delete(records).where(records.c.id.in_([r.id for r in rest])))
        bind.execute(sa.update(records).where(records.c.id == first.id).values(**values))

    with op.batch_alter_table('performance_records', schema=None) as batch_op:
        batch_op.alter_column('week', existing_type=sa.Date(), nullable=False)
        batch_op.create_unique_constraint(
            'uq_performance_records_store_placement_week', ['store_id', 'placement_id', 'week']
        )


def downgrade():
    with op.batch_alter_table('performance_records', schema=None) as batch_op:
        batch_op.drop_constraint('uq_performance_records_store_placement_week', type_='unique')
        batch_op.drop_column('replaced')
        batch_op.drop_column('week')
