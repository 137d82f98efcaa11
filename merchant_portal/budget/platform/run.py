"""Running one platform plan: in a background thread so no request waits for it, progress
written to the run as it goes; the request is built in ``request`` and the answer stored by
``store``."""

import logging
import threading

from flask import Flask

from optimizer.platform import platform_plan
from optimizer.platform_validation import parse_platform_request

from ...extensions import db
from ...reviewing.audit import audit
from ...timeutil import utcnow
from ..models import PlatformRun
from .request import platform_request
from .store import store_shares, summary, tell_merchants

log = logging.getLogger(__name__)


def start(app: Flask, run_id: int) -> threading.Thread:
    thread = threading.Thread(
        target=execute, args=(app, run_id), name=f"platform-run-{run_id}", daemon=True
    )
    thread.start()
    return thread


def _progress(run: PlatformRun, percent: int, message: str, status: str = "running") -> None:
    was = run.status
    run.progress, run.message, run.status = percent, message, status
    if status in ("done", "failed") and was != status:  # how the run ended is in the trail
        audit(
            actor_id=None,
            subject_kind="platform_run",
            subject_id=run.id,
            action=f"platform_run_{status}",
            from_state=was,
            to_state=status,
            detail={"message": message},
        )
    db.session.commit()


def execute(app: Flask, run_id: int) -> None:
    with app.test_request_context():  # url_for needs one, for the links in notifications
        run = db.session.get(PlatformRun, run_id)
        try:
            _execute(run)
        except Exception as error:  # the run records why it failed; the page shows it
            log.exception("platform run %s failed", run_id)
            db.session.rollback()
            run = db.session.get(PlatformRun, run_id)
            if run is None:  # deleted meanwhile: nobody is waiting for it
                return
            run.finished_at = utcnow()
            _progress(run, run.progress, f"The run failed: {error}", status="failed")
        finally:
            db.session.remove()


def _execute(run: PlatformRun) -> None:
    _progress(run, 5, "Collecting approved merchants and their budgets")
    request, stores = platform_request(run.objective)
    if not request["merchants"] or not request["placements"]:
        run.finished_at = utcnow()
        _progress(
            run, 100, "No approved merchant has a plan yet, or no cpc/cpm placement exists.", "done"
        )
        return
    _progress(
        run,
        20,
        f"Solving for {len(stores):,} merchants over {len(request['placements'])} placements",
    )
    result = platform_plan(parse_platform_request(request))
    if result.status != "optimal":
        raise RuntimeError("the solver found no plan")
    _progress(run, 70, "Saving each merchant's recommendation")
    answer = result.to_json()
    store_shares(run, answer, stores)
    _progress(run, 85, "Telling each merchant")
    tell_merchants(run, stores)
    run.summary = summary(answer, stores)
    run.finished_at = utcnow()
    planned = f"{len(stores):,} merchant{'' if len(stores) == 1 else 's'}"
    _progress(run, 100, f"Done: {planned} planned", "done")
