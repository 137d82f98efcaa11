"""CPU per page on the demo data, in process, against two floors measured in the same run.

    python -m benchmarks.page_cpu                 # SQLite file in a temporary folder
    python -m benchmarks.page_cpu --profile /growth/   # cProfile of one page, top 30 lines
    python -m benchmarks.page_cpu --profile /_floor    # ... of the portal's floor

Seeds the ``seed-demo`` data, signs each page's user in, and requests each page through the
Flask test client (each request in a context of its own, as a server gives). The figure is
the median CPU time of the process (``time.process_time``: other programs on a shared machine
do not count) over repeated requests, after warm-up requests. The pages take turns, one
request each per round: this machine (a virtual one) has slow spells of several seconds, and
measured one page after another, whichever page fell in one read up to twice its time.
Floors, same run: a bare Flask app rendering a one-line template, and the portal itself
rendering the same one-line template (its per-request setup: session, sign-in, language,
security headers). The machine's load average is printed beside the figures.
"""

import argparse
import contextvars
import cProfile
import os
import pstats
import statistics
import tempfile
import time

from flask import Flask, render_template
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select

from merchant_portal import create_app
from merchant_portal.auth.models import User
from merchant_portal.extensions import db

PAGES = (
    ("business page", "merchant@example.com", "/growth/"),
    ("review queue", "reviewer@example.com", "/review/"),
    ("growth dashboard", "reviewer@example.com", "/growth/dashboard"),
    ("the book", "reviewer@example.com", "/growth/book"),
    ("checklist", "merchant@example.com", "/onboarding"),
)
FLOOR = "portal floor (1-line template)"
TRIVIAL = "<p>{{ word }}</p>"
WARM, ROUNDS = 5, 61
CEILING_MS = 3.0


def cpu_ms(requests: dict[str, tuple]) -> dict[str, float]:
    """Median CPU ms of each (get, path), the requests taking turns round by round."""
    for get, path in requests.values():
        for _ in range(WARM):
            contextvars.Context().run(get, path)
    timings = {label: [] for label in requests}
    for _ in range(ROUNDS):
        for label, (get, path) in requests.items():
            start = time.process_time()
            response = contextvars.Context().run(get, path)
            timings[label].append(time.process_time() - start)
            assert response.status_code == 200, (path, response.status_code)
    return {label: statistics.median(t) * 1000 for label, t in timings.items()}


def bare_flask():
    """(get, path) of a bare Flask app rendering a one-line template."""
    app = Flask("bare")
    app.jinja_loader = DictLoader({"floor.html": TRIVIAL})
    app.add_url_rule("/", "floor", lambda: render_template("floor.html", word="floor"))
    return app.test_client().get, "/"


def portal(url: str):
    app = create_app(
        {"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False}
    )
    # the floor: the portal's own per-request work around a one-line template
    app.jinja_env.loader = ChoiceLoader([DictLoader({"_floor.html": TRIVIAL}), app.jinja_loader])
    app.add_url_rule("/_floor", "bench_floor", lambda: render_template("_floor.html", word="x"))
    with app.app_context():
        db.drop_all()
        db.create_all()
        from merchant_portal.demo import seed_demo

        seed_demo()
        db.session.commit()
        users = {
            email: db.session.scalar(select(User).where(User.email == email)).get_id()
            for _, email, _ in PAGES
        }
        db.session.remove()
    return app, users


def client_for(app, user_id: str):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
    return client


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", help="a page's path: print its cProfile instead")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/pages.db"
        app, users = portal(url)
        with app.app_context():
            if args.profile:
                email = next(
                    (e for _, e, p in PAGES if p == args.profile), "merchant@example.com"
                )  # any other path (/_floor) as the merchant
                get = client_for(app, users[email]).get
                cpu_ms({"warm-up": (get, args.profile)})
                profile = cProfile.Profile()
                profile.enable()
                for _ in range(50):
                    contextvars.Context().run(get, args.profile)
                profile.disable()
                lines = int(os.environ.get("PROFILE_LINES", 45))
                pstats.Stats(profile).sort_stats("cumulative").print_stats(lines)
                pstats.Stats(profile).sort_stats("tottime").print_stats(30)
                return
            load_before = os.getloadavg()[0]
            requests = {
                "bare Flask (1-line template)": bare_flask(),
                FLOOR: (client_for(app, users["merchant@example.com"]).get, "/_floor"),
            }
            for label, email, path in PAGES:
                requests[label] = (client_for(app, users[email]).get, path)
            results = cpu_ms(requests)
            load_after = os.getloadavg()[0]
            db.session.remove()
            db.engine.dispose()
    print(
        f"Page CPU on the demo data (median process CPU ms of {ROUNDS} rounds of requests; "
        f"load average {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} cores)"
    )
    floor = results[FLOOR]
    for label, value in results.items():
        mark = ""
        if label in {p[0] for p in PAGES}:
            mark = "ok" if value <= CEILING_MS else f"OVER {CEILING_MS:g} ms"
        print(f"  {label:<32} {value:6.2f} ms   x{value / floor:5.2f} of the portal floor  {mark}")


if __name__ == "__main__":
    main()
