"""A real queue for the tests where a consumer is the point: the test app enqueues into SQLite
or Redis storage, and a consumer runs as its own process (``flask jobs worker``) on the same
database, so it can be killed like a production worker."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

from merchant_portal.jobs.queue import configure, huey

ROOT = Path(__file__).resolve().parent.parent.parent
# Its own database number and queue name: never another app's keys on a shared Redis.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
QUICK_WATCHDOG = {"JOB_HEARTBEAT_SECONDS": "0.3", "JOB_STALE_SECONDS": "1.5"}


def redis_reachable() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


@pytest.fixture(params=["sqlite", "redis"])
def real_queue(request, app, tmp_path):
    """The test app's queue pointed at real storage (not immediate mode) for one test."""
    if request.param == "redis":
        if not redis_reachable():
            if os.environ.get("CI"):
                pytest.fail(f"CI runs the queue tests on Redis too, and {REDIS_URL} is down")
            pytest.skip(f"no Redis server at {REDIS_URL} (CI starts one)")
        url = REDIS_URL
    else:
        url = f"sqlite:///{tmp_path / 'queue.db'}"
    saved = {
        k: app.config[k] for k in ("TASK_QUEUE_URL", "TASK_QUEUE_NAME", "TASK_QUEUE_IMMEDIATE")
    }
    app.config.update(
        TASK_QUEUE_URL=url,
        TASK_QUEUE_NAME=f"test-{uuid.uuid4().hex[:8]}",
        TASK_QUEUE_IMMEDIATE=False,
    )
    configure(app)
    yield {"TASK_QUEUE_URL": url, "TASK_QUEUE_NAME": app.config["TASK_QUEUE_NAME"]}
    huey.storage.flush_all()
    app.config.update(saved)
    configure(app)


class Consumer:
    """``flask jobs worker`` in its own process, on the test database and queue."""

    def __init__(self, database_url: str, log: Path, **settings: str) -> None:
        self.env = {
            **os.environ,
            "PORTAL_ENV": "testing",
            "TEST_DATABASE_URL": database_url,
            "TASK_QUEUE_IMMEDIATE": "0",
            **settings,
        }
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> "Consumer":
        output = self.log.open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "jobs", "worker", "--workers", "1"],
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        output.close()
        return self

    def kill(self) -> None:
        """SIGKILL: no clean-up, as when a machine or a container dies."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text()


@pytest.fixture
def consumers(database_url, tmp_path, real_queue):
    started: list[Consumer] = []

    def start(**settings: str) -> Consumer:
        consumer = Consumer(
            database_url, tmp_path / "consumer.log", **real_queue, **QUICK_WATCHDOG, **settings
        )
        started.append(consumer.start())
        return consumer

    yield start
    for consumer in started:
        consumer.stop()


def wait_until(condition, seconds: float, what: str, consumer: Consumer | None = None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    detail = f"\n--- consumer log ---\n{consumer.output()}" if consumer else ""
    raise AssertionError(f"{what} did not happen in {seconds} s{detail}")


@pytest.fixture
def parked_queue(app, tmp_path):
    """Tasks wait in a SQLite queue that no consumer reads: what a job's state looks like
    between the request and the worker."""
    saved = {k: app.config[k] for k in ("TASK_QUEUE_URL", "TASK_QUEUE_IMMEDIATE")}
    app.config.update(
        TASK_QUEUE_URL=f"sqlite:///{tmp_path / 'parked.db'}", TASK_QUEUE_IMMEDIATE=False
    )
    configure(app)
    yield huey
    app.config.update(saved)
    configure(app)
