"""The marketplace's calendar day of a stored time, computed by the database: a recall made at
01:00 in Beijing, or 双11 starting at 00:00, falls on the day the merchant's sales are dated
(``StoreDay.day``), not on UTC's day before."""

from datetime import datetime, timedelta

from sqlalchemy import func

from .timeutil import from_market_time


def market_offset_minutes() -> int:
    """The marketplace's offset from UTC now. The marketplaces in view keep one offset all year
    (China has no summer time), so one offset serves every stored time."""
    local_noon = datetime.now().replace(hour=12, minute=0, second=0, microsecond=0)
    return round((local_noon - from_market_time(local_noon)) / timedelta(minutes=1))


def market_date(moment, dialect: str, days: int = 0, offset_minutes: int | None = None):
    """``days`` after the marketplace's calendar day of ``moment`` (a stored naive-UTC column),
    in the database's own date arithmetic."""
    minutes = market_offset_minutes() if offset_minutes is None else offset_minutes
    if dialect == "sqlite":
        return func.date(moment, f"{minutes:+d} minutes", f"{days:+d} days")
    return func.date(moment + timedelta(minutes=minutes)) + days
