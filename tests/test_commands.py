"""The command-line tasks an operator runs: create-user and seed-demo."""

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.auth.models import User
from merchant_portal.budget.models import Placement
from merchant_portal.extensions import db
from merchant_portal.onboarding.activities.models import Activity
from merchant_portal.onboarding.products.models import Product
from merchant_portal.onboarding.store.models import Store
from merchant_portal.workflow.reviewable import ReviewStatus


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_user_makes_a_staff_account_that_can_log_in(app, client):
    result = app.test_cli_runner().invoke(
        args=["create-user", "--role", "planner", "Pat@Example.com"],
        input="planner password\nplanner password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created planner account pat@example.com" in result.output
    user = db.session.scalar(select(User))
    assert user.role == Role.PLANNER and user.check_password("planner password")
    response = client.post(
        "/login", data={"email": "pat@example.com", "password": "planner password"}
    )
    assert response.headers["Location"] == "/budget/placements"


def test_create_user_refuses_bad_input(app):
    runner = app.test_cli_runner()
    bad_email = runner.invoke(
        args=["create-user", "--role", "admin", "nope", "--password", "long enough pw"]
    )
    assert bad_email.exit_code == 2 and "EMAIL" in bad_email.output
    merchant = runner.invoke(
        args=["create-user", "--role", "merchant", "m@example.com", "--password", "long enough pw"]
    )
    assert merchant.exit_code == 2
    short = runner.invoke(
        args=["create-user", "--role", "admin", "a@example.com", "--password", "short"]
    )
    assert short.exit_code == 2 and "between 10 and 128" in short.output
    runner.invoke(
        args=["create-user", "--role", "admin", "a@example.com", "--password", "long enough pw"]
    )
    again = runner.invoke(
        args=["create-user", "--role", "admin", "a@example.com", "--password", "long enough pw"]
    )
    assert again.exit_code == 2 and "already has an account" in again.output
    assert count(User) == 1


def test_seed_demo_fills_an_empty_database_once(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "admin@example.com" in result.output and "demo-password" in result.output
    # 7 onboarding accounts and stores' owners, a Chinese tea shop, plus the growth demo's 11
    # stores and a manager
    assert count(User) == 20 and count(Store) == 16
    assert count(Activity) == 3 and count(Placement) == 5
    assert count(Product) >= 3
    statuses = set(db.session.scalars(select(Store.status)))
    assert statuses == {
        ReviewStatus.DRAFT,
        ReviewStatus.SUBMITTED,
        ReviewStatus.CHANGES_REQUESTED,
        ReviewStatus.APPROVED,
    }
    # the printed logins work
    response = client.post(
        "/login", data={"email": "merchant@example.com", "password": "demo-password"}
    )
    assert response.headers["Location"] == "/onboarding"
    # where the login lands opens, in both languages (a promotion's result on the checklist
    # failed the demo merchant's first page: a 500 right after logging in)
    for language in ("zh-CN", "en"):
        landing = client.get("/onboarding", headers={"Accept-Language": language})
        assert landing.status_code == 200
    assert "Winter" in landing.text or "promotion" in landing.text

    skipped = runner.invoke(args=["seed-demo", "--if-empty"])
    assert skipped.exit_code == 0 and "already has accounts" in skipped.output
    refused = runner.invoke(args=["seed-demo"])
    assert refused.exit_code == 1
    assert count(User) == 20


def test_recompute_quality_fixes_stale_scores(app):
    from . import factories

    _, store = factories.make_merchant()
    product = factories.make_product(store, quality_score=0, category="Home & Kitchen")
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["recompute-quality"])
    assert result.exit_code == 0 and "1 changed" in result.output
    db.session.expire_all()
    assert db.session.get(Product, product.id).quality_score > 0


def test_the_demo_has_sales_and_a_merchant_in_every_lifecycle_stage(app, client):
    from merchant_portal.growth.models import StageSnapshot
    from merchant_portal.sales.models import DailySale

    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    assert count(DailySale) > 2000
    latest = db.session.scalar(select(func.max(StageSnapshot.as_of)))
    stages = dict(
        db.session.execute(
            select(Store.name, StageSnapshot.stage)
            .join(Store, Store.id == StageSnapshot.store_id)
            .where(StageSnapshot.as_of == latest)
        ).all()
    )
    assert stages["Silk Road Scarves"] == "at_risk"
    assert stages["Lantern Toys"] == "dormant"
    assert set(stages.values()) == {
        "onboarding", "activated", "growing", "steady", "at_risk", "dormant", "recovered"
    }  # fmt: skip
    client.post(
        "/login", data={"email": "declining.merchant@example.com", "password": "demo-password"}
    )
    page = client.get("/growth/").get_data(as_text=True)
    assert "Garden: sales up" in page


def test_check_documents_tells_of_a_lapsed_licence_once(app):
    """The nightly check by hand, as an operator runs it after a restore."""
    from datetime import date, timedelta

    from merchant_portal.notifications.models import Notification

    from . import factories

    _merchant, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    document = factories.make_document(store, kind="food_licence", verdict="accepted")
    document.expires_on = date.today() - timedelta(days=2)
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["check-documents"])
    assert first.exit_code == 0 and "1 lapsed" in first.output, first.output
    told = count(Notification)
    assert told >= 1
    assert runner.invoke(args=["check-documents"]).exit_code == 0
    assert count(Notification) == told, "each notice once"
