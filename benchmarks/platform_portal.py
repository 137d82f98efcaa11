"""The portal's own platform run at marketplace scale, as a planner starts it, against the
solver alone on the same request (measured in the same run).

    python -m benchmarks.platform_portal                 # 100,000 stores, SQLite file kept
    python -m benchmarks.platform_portal 2000            # a smaller market, its own file
    python -m benchmarks.platform_portal --url postgresql+psycopg://postgres@127.0.0.1/mp_bench

Builds once and keeps (``benchmarks/out/platform_portal_<N>.db``; on PostgreSQL the database
named in the URL; delete it to rebuild): N approved stores each with a monthly ad budget, 50
CPC/CPM placements with capacities that bind, and 12 weeks of results for each store on 3 of
them (3.6 million rows at 100,000 stores). Then, timed: the run's job end to end (the request
built from the database, the solve, every store's share written, the summary), the solve
alone, publishing and telling the merchants (the notices job), and the run page with its
share list (first, middle and last page). Peak memory is the process's maximum resident set;
the machine's load average is printed beside the figures. The data the run writes (the run,
its plans, the notices) is deleted at the end, so the next run starts from the same data.
"""

import argparse
import contextvars
import os
import random
import resource
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, event, func, insert, select, text

from merchant_portal import create_app
from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.budget.models import (
    AdBudget,
    BudgetPlan,
    PerformanceRecord,
    Placement,
    PlatformRun,
)
from merchant_portal.budget.platform import publish as publishing
from merchant_portal.budget.platform import request as requesting
from merchant_portal.budget.platform import run as running
from merchant_portal.extensions import db
from merchant_portal.jobs.models import Job
from merchant_portal.jobs.runner import run_job
from merchant_portal.mail.models import OutboxMessage
from merchant_portal.notifications.models import Notification
from merchant_portal.onboarding.store.models import Store
from merchant_portal.timeutil import utcnow
from optimizer.platform.planning import platform_plan
from optimizer.platform.validation import parse_platform_request

PLACEMENTS, WEEKS, ADVERTISED_ON = 50, 12, 3
OUT = Path(__file__).parent / "out"
CEILING_S, CEILING_GB, PAGE_CEILING_MS = 180, 4.0, 50


def populate(stores: int) -> None:
    rng = random.Random(2026)
    now = utcnow()
    planner = User(email="planner@example.com", role=Role.PLANNER, password_hash=None)
    db.session.add(planner)
    db.session.flush()
    placements = []
    for j in range(PLACEMENTS):
        cpm = j % 4 == 3
        price = rng.uniform(4, 25) if cpm else rng.uniform(0.15, 2.5)
        per_store = rng.uniform(20, 400) * (1000 if cpm else 1)
        placements.append(
            {
                "code": f"p{j:02d}",
                "name": f"Placement {j:02d}",
                "channel": "search" if j % 2 else "feed",
                "pricing": "cpm" if cpm else "cpc",
                "price": round(price, 4),
                # the column is a 32-bit integer (PostgreSQL refuses more impressions)
                "inventory": min(round(per_store * stores * rng.uniform(0.02, 0.2)), 2**31 - 1),
                "half_spend": round(rng.uniform(300, 5000), 2),
                "prior_ctr": rng.uniform(0.002, 0.02) if cpm else None,
                "prior_cvr": rng.uniform(0.01, 0.06),
                "prior_aov": round(rng.uniform(20, 200), 2),
                "prior_strength": 100,
                "active": True,
                "created_at": now,
            }
        )
    db.session.execute(insert(Placement), placements)
    placement_ids = list(db.session.scalars(select(Placement.id).order_by(Placement.id)))
    first_user = db.session.scalar(select(func.max(User.id))) + 1
    first_store = (db.session.scalar(select(func.max(Store.id))) or 0) + 1
    monday = date.today() - timedelta(days=date.today().weekday())
    weeks = [monday - timedelta(weeks=w) for w in range(1, WEEKS + 1)]
    for start in range(0, stores, 5000):
        chunk = range(start, min(stores, start + 5000))
        db.session.execute(
            insert(User),
            [
                {"email": f"m{i}@example.com", "role": Role.MERCHANT, "password_hash": None,
                 "active": True, "session_token": f"t{i}", "created_at": now}
                for i in chunk
            ],
        )  # fmt: skip
        db.session.execute(
            insert(Store),
            [
                {"merchant_id": first_user + i, "name": f"Store {i:06d}", "status": "approved",
                 "created_at": now}
                for i in chunk
            ],
        )  # fmt: skip
        db.session.execute(
            insert(AdBudget),
            [
                {"store_id": first_store + i, "monthly": round(rng.uniform(800, 80_000), 2),
                 "set_by_id": planner.id, "updated_at": now}
                for i in chunk
            ],
        )  # fmt: skip
        results = []
        for i in chunk:
            for placement_id in rng.sample(placement_ids, ADVERTISED_ON):
                for week in weeks:
                    spend = rng.uniform(20, 400)
                    clicks = int(spend / rng.uniform(0.2, 2.5))
                    conversions = int(clicks * rng.uniform(0.005, 0.06))
                    results.append(
                        {"store_id": first_store + i, "placement_id": placement_id,
                         "week": week, "period_start": week,
                         "period_end": week + timedelta(days=6), "spend": round(spend, 2),
                         "impressions": clicks * 60, "clicks": clicks,
                         "conversions": conversions,
                         "revenue": round(conversions * rng.uniform(20, 200), 2),
                         "recorded_by_id": planner.id, "created_at": now}
                    )  # fmt: skip
        db.session.execute(insert(PerformanceRecord), results)
        db.session.commit()
        print(f"    built {chunk.stop:,} stores", flush=True)


def timed(module, name: str, into: dict):
    """Wraps ``module.name`` to add its wall time to ``into[name]``."""
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            into[name] = into.get(name, 0.0) + time.perf_counter() - start
            into[f"{name} cpu"] = into.get(f"{name} cpu", 0.0) + time.process_time() - cpu

    setattr(module, name, wrapper)
    return original


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def page_ms(client, path: str, runs: int = 9) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``path``."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        # a context of its own, as a server gives (no user cached from the last request)
        response = contextvars.Context().run(client.get, path)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, (path, response.status_code, response.location)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def clean_up() -> None:
    """What the run wrote, so the kept data starts the next run as it started this one."""
    db.session.rollback()
    if db.engine.dialect.name == "postgresql":
        # the portal never deletes plans; this benchmark does, and without an index on the
        # plans' own foreign key PostgreSQL checks each deleted plan against every plan
        db.session.execute(
            text(
                "CREATE INDEX IF NOT EXISTS bench_replanned_from"
                " ON budget_plans (replanned_from_id)"
            )
        )
    db.session.execute(delete(Notification).where(Notification.key.like("platform-run:%")))
    db.session.execute(delete(OutboxMessage))
    db.session.execute(delete(BudgetPlan).where(BudgetPlan.platform_run_id.is_not(None)))
    db.session.execute(delete(PlatformRun))
    db.session.execute(delete(Job))
    db.session.commit()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", type=int, nargs="?", default=100_000)
    parser.add_argument("--url", help="a PostgreSQL URL (default: a SQLite file, kept)")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    url = args.url or f"sqlite:///{OUT / f'platform_portal_{args.stores}.db'}"
    app = create_app(
        {"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
         "JOB_HEARTBEAT_SECONDS": 3600, "TASK_QUEUE_IMMEDIATE": False,
         "TASK_QUEUE_URL": f"sqlite:///{OUT / 'queue.db'}"}
    )  # fmt: skip
    load_before = os.getloadavg()[0]
    with app.app_context():
        db.create_all()
        built = db.session.scalar(select(func.count()).select_from(Store))
        if built != args.stores:
            if built:
                raise SystemExit(f"{url} holds {built:,} stores: delete it to rebuild")
            start = time.perf_counter()
            populate(args.stores)
            print(f"  built the data in {time.perf_counter() - start:.0f} s (kept: {url})")
        planner_id = db.session.scalar(select(User.id).where(User.role == Role.PLANNER))
        clean_up()

        statements: list[int] = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(1))
        stages: dict[str, float] = {}
        timed(requesting, "observed_results", stages)
        original_request = timed(running, "platform_request", stages)
        timed(running, "platform_plan", stages)
        timed(running, "store_shares", stages)
        with app.test_request_context():
            run = running.start_platform_run("revenue", planner_id, "http://localhost/")
            db.session.commit()
            run_id, job_id = run.id, run.job_id
        statements.clear()
        cpu, wall = time.process_time(), time.perf_counter()
        run_job(job_id, running.execute)
        run_s, run_cpu = time.perf_counter() - wall, time.process_time() - cpu
        run_statements = len(statements)
        run_peak = peak_gb()
        db.session.remove()
        run = db.session.get(PlatformRun, run_id)
        assert run.job.status == "succeeded", (run.job.status, run.job.message_text)
        shares = db.session.scalar(
            select(func.count()).select_from(BudgetPlan).where(BudgetPlan.platform_run_id == run_id)
        )

        # the baseline, same run: the solver alone on the request the run built
        with app.test_request_context():
            request, _stores = original_request("revenue")
        start, cpu = time.perf_counter(), time.process_time()
        platform_plan(parse_platform_request(request))
        solve_alone = time.perf_counter() - start
        solve_alone_cpu = time.process_time() - cpu
        del request, _stores

        with app.test_request_context():
            job = publishing.publish(run, planner_id, "http://localhost/")
            db.session.commit()
            publish_job = job.id
        statements.clear()
        wall = time.perf_counter()
        cpu = time.process_time()
        run_job(publish_job, publishing.execute)
        tell_s, tell_statements = time.perf_counter() - wall, len(statements)
        tell_cpu = time.process_time() - cpu
        told = db.session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.key.like(f"platform-run:{run_id}:%"))
        )

        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = db.session.get(User, planner_id).get_id()
            session["_fresh"] = True
        per_page = app.config["ITEMS_PER_PAGE"]
        last = max(1, -(-shares // per_page))
        pages = {
            "run page, page 1": f"/budget/platform/{run_id}",
            f"run page, page {last // 2}": f"/budget/platform/{run_id}?page={max(1, last // 2)}",
            f"run page, page {last}": f"/budget/platform/{run_id}?page={last}",
        }
        page_times = {label: page_ms(client, path) for label, path in pages.items()}
        load_after = os.getloadavg()[0]

    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    print(
        f"Portal platform run: {args.stores:,} approved stores x {PLACEMENTS} placements, "
        f"{WEEKS} weeks of results, {backend} (load average {load_before:.1f} → "
        f"{load_after:.1f} on {os.cpu_count()} cores)"
    )
    print(
        f"  run job end to end   {run_s:7.1f} s wall, {run_cpu:6.1f} s CPU, {run_statements} "
        f"SQL statements, peak {run_peak:.2f} GB ({shares:,} shares)"
    )
    for stage, label in (
        ("platform_request", "request from the DB"),
        ("observed_results", "  of which results summed"),
        ("platform_plan", "solve"),
        ("store_shares", "shares written"),
    ):
        wall, cpu = stages.get(stage, 0.0), stages.get(f"{stage} cpu", 0.0)
        print(f"    {label:<26} {wall:6.1f} s wall {cpu:6.1f} s CPU")
    print(
        f"  baseline: the solver alone on the same request {solve_alone:6.1f} s wall, "
        f"{solve_alone_cpu:6.1f} s CPU   ratio run / solver: wall {run_s / solve_alone:5.2f}, "
        f"CPU {run_cpu / solve_alone_cpu:5.2f}"
    )
    print(
        f"  publish and tell     {tell_s:7.1f} s wall, {tell_cpu:6.1f} s CPU, {tell_statements} "
        "SQL statements, "
        f"{told:,} notices"
    )
    for label, (wall_ms, cpu_ms) in page_times.items():
        print(f"  {label:<22} {wall_ms:6.1f} ms wall, {cpu_ms:6.1f} ms CPU")
    worst = max(w for w, _c in page_times.values())
    verdict = (
        "within"
        if run_s <= CEILING_S and run_peak <= CEILING_GB and worst <= PAGE_CEILING_MS
        else "OVER"
    )
    print(f"  {verdict} the targets ({CEILING_S} s, {CEILING_GB:g} GB, pages {PAGE_CEILING_MS} ms)")
    with app.app_context():  # after the figures are out: what the run wrote goes
        clean_up()


if __name__ == "__main__":
    main()
