"""The nightly health snapshot, started by the queue's own scheduler. Idempotent: the
snapshot's key replaces a re-run's scores and each fall below the threshold is kept once, so
two consumers' schedulers (or a retried task) leave the same rows."""

from huey import crontab

from ..extensions import db
from ..jobs.queue import periodic_task
from ..timeutil import market_today
from .health_history import SnapshotResult, take_snapshot
from .health_notices import tell_managers


def snapshot_today() -> SnapshotResult:
    """Today's snapshot, then the managers told of the falls it found (each fall once)."""
    today = market_today()
    result = take_snapshot(today)
    db.session.commit()
    tell_managers(today)
    db.session.commit()
    return result


@periodic_task(crontab(hour="1", minute="15"))
def nightly_health_snapshot() -> None:
    snapshot_today()
