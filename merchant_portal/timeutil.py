from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

MARKET_TIMEZONE = "Asia/Shanghai"


def utcnow() -> datetime:
    """Naive UTC: SQLite drops time zones, so every stored time is UTC without one."""
    return datetime.now(UTC).replace(tzinfo=None)


def _market_zone() -> ZoneInfo:
    name = current_app.config.get("TIMEZONE", MARKET_TIMEZONE) if has_app_context() else None
    return ZoneInfo(name or MARKET_TIMEZONE)


def market_day(stored: datetime) -> date:
    """The marketplace's calendar day of a stored (naive UTC) time."""
    return stored.replace(tzinfo=UTC).astimezone(_market_zone()).date()


def market_today() -> date:
    """The marketplace's calendar day: a Chinese merchant's morning before 08:00 is already
    today in Beijing while UTC is still on yesterday, and sales, weeks, deadlines and health
    snapshots are all dated the way the merchant reads a calendar."""
    return datetime.now(_market_zone()).date()


def from_market_time(local: datetime) -> datetime:
    """A wall-clock time typed as the marketplace reads it (双11 starts at 00:00 in Beijing),
    as it is stored: naive UTC."""
    return local.replace(tzinfo=_market_zone()).astimezone(UTC).replace(tzinfo=None)


def market_time(stored: datetime) -> datetime:
    """A stored (naive UTC) time on the marketplace's wall clock, to show it in a form."""
    return stored.replace(tzinfo=UTC).astimezone(_market_zone()).replace(tzinfo=None)
