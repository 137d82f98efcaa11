"""The one huey instance, configured from the app's config.

``TASK_QUEUE_URL`` picks the storage: ``sqlite:///path`` (the default, a file under
``instance/``: nothing to start) or ``redis://host:port/db`` (production, several consumers).
Tasks are declared with :func:`task`, which runs them inside the app's context, and are
enqueued with :func:`enqueue_after_commit` so a consumer never looks for a row that is not
committed yet.
"""

import functools
import logging
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db

# In memory until configure() points it at the app's storage (no stray file on import).
huey = Huey("merchant-portal", results=False, utc=True, storage_class=MemoryStorage)
_bound: dict[str, Flask] = {}
log = logging.getLogger(__name__)


def storage_for(url: str) -> tuple[type, dict[str, Any]]:
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage, {"url": url}
    if url.startswith("sqlite:///"):
        return SqliteStorage, {"filename": url.removeprefix("sqlite:///")}
    raise RuntimeError(f"TASK_QUEUE_URL must start with sqlite:/// or redis://, not {url!r}")


def configure(app: Flask) -> Huey:
    """Point the queue at the app's storage; tasks run in this app's context."""
    storage_class, options = storage_for(app.config["TASK_QUEUE_URL"])
    huey.name = app.config["TASK_QUEUE_NAME"]
    huey.storage_class, huey.storage_kwargs = storage_class, options
    huey._immediate = bool(app.config["TASK_QUEUE_IMMEDIATE"])
    huey.storage = huey.create_storage()
    _bound["app"] = app
    return huey


def bound_app() -> Flask:
    """The app a task runs in: the one enqueuing it when run inline (immediate mode, tests),
    else the one the consumer configured."""
    return current_app._get_current_object() if has_app_context() else _bound["app"]


def task(**options) -> Callable:
    """A huey task that runs inside a fresh app context (its own database session)."""

    def decorate(function: Callable) -> Any:
        @functools.wraps(function)
        def in_app_context(*args, **kwargs):
            with bound_app().app_context():
                return function(*args, **kwargs)

        return huey.task(name=f"{function.__module__}.{function.__name__}", **options)(
            in_app_context
        )

    return decorate


def periodic_task(schedule, **options) -> Callable:
    """A task the consumer's scheduler runs on ``schedule`` (a huey ``crontab``), inside a
    fresh app context like :func:`task`."""

    def decorate(function: Callable) -> Any:
        @functools.wraps(function)
        def in_app_context(*args, **kwargs):
            with bound_app().app_context():
                return function(*args, **kwargs)

        return huey.periodic_task(
            schedule, name=f"{function.__module__}.{function.__name__}", **options
        )(in_app_context)

    return decorate


def enqueue_after_commit(task_wrapper: Any, *args) -> None:
    """Enqueue once the current transaction commits; forgotten if it rolls back."""
    db.session.info.setdefault("after_commit", []).append((task_wrapper, args))


@event.listens_for(Session, "after_commit")
def _enqueue_pending(session: Session) -> None:
    pending = session.info.pop("after_commit", [])
    for task_wrapper, args in pending:
        try:
            task_wrapper(*args)
        except Exception:  # the row is committed: its page says "waiting"; never a 500 now
            log.exception(
                "could not enqueue %s%r; is TASK_QUEUE_URL reachable?", task_wrapper, args
            )


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop("after_commit", None)
