"""Twelve (or more) weeks of results on saturating curves, written in one statement."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import insert

from merchant_portal.budget.models import PerformanceRecord
from merchant_portal.extensions import db

FIRST_MONDAY = date(2026, 8, 3)
SPENDS = [200, 600, 1500, 3000, 400, 2200, 900, 3500, 300, 1200, 2600, 800]


def record_weeks(stores, placements, recorder, weeks: int = 12, k: float = 0.06, h: float = 1500):
    rows = []
    for s, store in enumerate(stores):
        for p, placement in enumerate(placements):
            for w in range(weeks):
                spend = SPENDS[(w + s + p) % len(SPENDS)] * (1 + 0.2 * s)
                conversions = round(k * h * spend / (h + spend))
                monday = FIRST_MONDAY + timedelta(weeks=w)
                rows.append({
                    "store_id": store.id, "placement_id": placement.id, "week": monday,
                    "period_start": monday, "period_end": monday + timedelta(days=6),
                    "spend": Decimal(str(round(spend, 2))), "impressions": 0,
                    "clicks": round(spend / 0.8), "conversions": conversions,
                    "revenue": Decimal(conversions * 60), "recorded_by_id": recorder.id,
                })  # fmt: skip
    db.session.execute(insert(PerformanceRecord), rows)
    db.session.commit()
