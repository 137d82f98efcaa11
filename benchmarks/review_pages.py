"""The review queue and dashboard at marketplace scale against the same pages nearly empty.

    python -m benchmarks.review_pages            # SQLite file in a temporary folder
    DATABASE_URL=postgresql+psycopg://... python -m benchmarks.review_pages

Builds 10,000 merchants and 100,000 products (5% waiting for review), then times each page
(median of repeated requests through the app) and counts its SQL statements, against the
same pages with 100 merchants and 1,000 products, measured in the same run.
"""

import os
import random
import statistics
import tempfile
import time
from datetime import timedelta

from sqlalchemy import event, insert

from merchant_portal import create_app
from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.onboarding.products.models import Product
from merchant_portal.onboarding.store.models import Store
from merchant_portal.timeutil import utcnow
from merchant_portal.workflow.models import Review
from merchant_portal.workflow.reviewable import ReviewStatus

PAGES = ("/review/", "/review/?page=2&kind=product", "/review/dashboard", "/review/audit")
RUNS = 15


def populate(merchants: int, products_each: int) -> None:
    rng = random.Random(7)
    now = utcnow()
    statuses = list(ReviewStatus)
    db.session.execute(
        insert(User),
        [
            {
                "email": f"m{i}@example.com",
                "role": Role.MERCHANT,
                "password_hash": "x",
                "active": True,
                "session_token": f"t{i}",
                "created_at": now,
            }
            for i in range(merchants)
        ],
    )
    db.session.execute(
        insert(Store),
        [
            {
                "merchant_id": i + 1,
                "name": f"Store {i}",
                "status": rng.choice(statuses),
                "submitted_at": now - timedelta(hours=rng.uniform(1, 400)),
                "created_at": now,
            }
            for i in range(merchants)
        ],
    )
    rows = []
    for store_id in range(1, merchants + 1):
        for j in range(products_each):
            waiting = rng.random() < 0.05
            rows.append(
                {
                    "store_id": store_id,
                    "title": f"Product {store_id}-{j}",
                    "description": "",
                    "attributes": {},
                    "status": ReviewStatus.SUBMITTED if waiting else ReviewStatus.APPROVED,
                    "quality_score": 50,
                    "submitted_at": now - timedelta(hours=rng.uniform(1, 300)),
                    "created_at": now,
                    "updated_at": now,
                }
            )
    for start in range(0, len(rows), 20_000):
        db.session.execute(insert(Product), rows[start : start + 20_000])
    # nobody logs in with a password here: the benchmark signs the session in directly
    staff = User(email="reviewer@example.com", role=Role.ADMIN, password_hash=None)
    db.session.add(staff)
    db.session.flush()
    db.session.execute(
        insert(Review),
        [
            {
                "subject_kind": "product",
                "subject_id": rng.randint(1, len(rows)),
                "reviewer_id": staff.id,
                "decision": rng.choice(["approve", "request_changes", "reject"]),
                "reason_codes": ["poor_images"],
                "comment": "",
                "created_at": now - timedelta(days=rng.uniform(0, 29)),
            }
            for _ in range(min(5000, len(rows) // 10))
        ],
    )
    db.session.commit()


def measure(url: str, merchants: int, products_each: int) -> dict[str, tuple[float, int]]:
    app = create_app(
        {"PORTAL_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False}
    )
    results = {}
    with app.app_context():
        db.drop_all()
        db.create_all()
        populate(merchants, products_each)
        client = app.test_client()
        with client.session_transaction() as session:
            staff = db.session.scalar(db.select(User).where(User.email == "reviewer@example.com"))
            session["_user_id"] = staff.get_id()
            session["_fresh"] = True
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(1))
        for page in PAGES:
            timings = []
            for _ in range(RUNS):
                statements.clear()
                start = time.perf_counter()
                assert client.get(page).status_code == 200, page
                timings.append(time.perf_counter() - start)
            results[page] = (statistics.median(timings), len(statements))
        db.session.remove()  # its open transaction would hold PostgreSQL's table locks
        db.drop_all()
    return results


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/review.db"
        small = measure(url, 100, 10)
        large = measure(url, 10_000, 10)
    print(
        "Review pages: 10,000 merchants / 100,000 products against 100 / 1,000 "
        "(median ms, SQL statements)"
    )
    for page in PAGES:
        (small_time, small_count), (large_time, large_count) = small[page], large[page]
        print(
            f"  {page:<34} small {small_time * 1000:7.1f} ms ({small_count:2d})   "
            f"large {large_time * 1000:7.1f} ms ({large_count:2d})   "
            f"ratio {large_time / small_time:5.2f}"
        )


if __name__ == "__main__":
    main()
