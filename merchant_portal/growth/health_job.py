"""The nightly health snapshot, started by the queue's own scheduler. Idempotent: the
snapshot's key replaces a re-run's scores and each fall below the threshold is kept once, so
two consumers' schedulers (or a retried task) leave the same rows."""

from huey import crontab

from ..extensions import db
from ..jobs.queue import periodic_task
from ..timeutil import utcnow
from .health_history import SnapshotResult, take_snapshot


def snapshot_today() -> SnapshotResult:
    result = take_snapshot(utcnow().date())
    db.session.commit()
    return result


@periodic_task(crontab(hour="1", minute="15"))
def nightly_health_snapshot() -> None:
    snapshot_today()
