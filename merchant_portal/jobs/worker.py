"""``flask --app wsgi jobs worker``: the huey consumer, with a watchdog that resumes jobs whose
consumer died. Production runs it under a process manager beside gunicorn."""

import logging
import threading
from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .queue import huey
from .state import sweep

jobs_cli = AppGroup("jobs", help="The background job queue.")
log = logging.getLogger(__name__)


def sweep_once(app: Flask, resume_interrupted: bool = False) -> int:
    with app.app_context():
        return sweep(
            timedelta(seconds=app.config["JOB_STALE_SECONDS"]),
            app.config["JOB_MAX_ATTEMPTS"],
            resume_interrupted=resume_interrupted,
        )


class Watchdog(threading.Thread):
    def __init__(self, app: Flask) -> None:
        super().__init__(name="job-watchdog", daemon=True)
        self.app = app
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.app.config["JOB_HEARTBEAT_SECONDS"]):
            try:
                sweep_once(self.app)
            except Exception:  # a database hiccup must not stop the watchdog
                log.exception("watchdog sweep failed; trying again")


@jobs_cli.command("worker")
@click.option("--workers", "-w", default=2, show_default=True, help="Worker threads.")
def worker_command(workers: int) -> None:
    """Run the queue's consumer until Ctrl-C (or SIGTERM: finish running tasks first)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    app = current_app._get_current_object()
    resumed = sweep_once(app, resume_interrupted=True)
    click.echo(
        f"job worker: {workers} thread(s) on {app.config['TASK_QUEUE_URL']}; {resumed} resumed"
    )
    watchdog = Watchdog(app)
    watchdog.start()
    # periodic: the scheduler starts the nightly tasks (the curve fit) through this queue
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True)
    consumer.run()
