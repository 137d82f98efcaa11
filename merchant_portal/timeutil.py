from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC: SQLite drops time zones, so every stored time is UTC without one."""
    return datetime.now(UTC).replace(tzinfo=None)
