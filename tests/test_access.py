"""Who may reach every route: one table, checked against the app and visited as every role.

Adding a route without an entry here (or without a role declaration on the view) fails.
"""

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from merchant_portal.access import ACCESS_ATTRIBUTE, PUBLIC, Role
from merchant_portal.api.tokens import issue_token
from merchant_portal.auth.models import User
from merchant_portal.budget.models import PlatformRun
from merchant_portal.extensions import db
from merchant_portal.growth.models import MerchantAccount
from merchant_portal.jobs.models import Job
from merchant_portal.mail import send_mail
from merchant_portal.workflow.reviewable import ReviewStatus

from . import factories

ANONYMOUS = "anonymous"
EVERY_ROLE = frozenset(Role)
ADMIN = frozenset({Role.ADMIN})
MERCHANT = frozenset({Role.MERCHANT})
MERCHANT_AND_REVIEWERS = frozenset({Role.MERCHANT, Role.REVIEWER, Role.ADMIN})
REVIEWERS = frozenset({Role.REVIEWER, Role.ADMIN})
PLANNERS = frozenset({Role.PLANNER, Role.ADMIN})
STAFF = frozenset({Role.REVIEWER, Role.PLANNER, Role.ADMIN})


@dataclass(frozen=True)
class Route:
    allowed: frozenset
    method: str = "GET"
    path: str = ""
    ok: int | tuple | None = 200  # what an allowed visitor gets (one of, for a tuple)


ROUTES = {
    "auth.index": Route(PUBLIC, path="/", ok=None),
    "auth.signup": Route(PUBLIC, path="/signup", ok=None),
    "auth.open_store": Route(PUBLIC, path="/signup/not-a-token", ok=302),
    "auth.login": Route(PUBLIC, path="/login", ok=None),
    "auth.request_reset": Route(PUBLIC, path="/reset"),
    "auth.reset_password": Route(PUBLIC, path="/reset/not-a-token", ok=302),
    "auth.logout": Route(EVERY_ROLE, "POST", "/logout", ok=302),
    "i18n.switch_language": Route(PUBLIC, "POST", "/language", ok=302),
    "auth.change_password": Route(EVERY_ROLE, path="/account/password"),
    "auth.second_step": Route(PUBLIC, path="/login/code", ok=302),  # nothing waits for a code
    "auth.second_factor": Route(STAFF, path="/account/two-step"),
    # admins have a factor (an empty form: 400); other staff have none yet (sent to set it up)
    "auth.renew_codes": Route(STAFF, "POST", "/account/two-step/recovery-codes", ok=(302, 400)),
    "auth.turn_off_second_factor": Route(STAFF, "POST", "/account/two-step/off", ok=302),
    "onboarding.checklist": Route(MERCHANT, path="/onboarding"),
    "store.profile": Route(MERCHANT, path="/store/"),
    "store.upload_document": Route(MERCHANT, "POST", "/store/documents", ok=409),
    "store.delete_document": Route(
        MERCHANT, "POST", "/store/documents/{own_document}/delete", ok=409
    ),
    "store.document": Route(MERCHANT_AND_REVIEWERS, path="/store/documents/{own_document}"),
    "store.submit": Route(MERCHANT, "POST", "/store/submit", ok=302),
    "products.index": Route(MERCHANT, path="/products/"),
    "products.new": Route(MERCHANT, path="/products/new"),
    "products.detail": Route(MERCHANT, path="/products/{own_product}"),
    "products.edit": Route(MERCHANT, path="/products/{own_product}/edit"),
    "products.quality": Route(MERCHANT, "POST", "/products/quality"),
    "products.attributes": Route(MERCHANT, path="/products/attributes?category=Toys"),
    "products.upload_image": Route(MERCHANT, "POST", "/products/{own_product}/images", ok=302),
    "products.delete_image": Route(
        MERCHANT, "POST", "/products/{own_product}/images/{own_image}/delete", ok=302
    ),
    "products.image": Route(MERCHANT_AND_REVIEWERS, path="/products/images/{own_image}"),
    "products.submit": Route(MERCHANT, "POST", "/products/{own_product}/submit", ok=302),
    "products.discard_pending_change": Route(
        MERCHANT, "POST", "/products/{own_product}/change/discard", ok=302
    ),
    "products.bulk_import": Route(MERCHANT, path="/products/import"),
    "products.undo_import": Route(MERCHANT, "POST", "/products/import/999999/undo", ok=404),
    "products.import_template": Route(MERCHANT, path="/products/import/template.csv"),
    "products.export": Route(MERCHANT, path="/products/export.xlsx"),
    "products.main_image": Route(
        MERCHANT, "POST", "/products/{own_product}/images/{own_image}/main", ok=302
    ),
    "admin.ad_terms": Route(ADMIN, path="/admin/ad-terms"),
    "admin.remove_ad_term": Route(ADMIN, "POST", "/admin/ad-terms/999999/remove", ok=404),
    "activities.index": Route(MERCHANT, path="/activities/"),
    "activities.detail": Route(MERCHANT, path="/activities/{activity}"),
    "activities.registrations": Route(MERCHANT, path="/activities/registrations"),
    "notifications.inbox": Route(EVERY_ROLE, path="/inbox/"),
    "notifications.message": Route(EVERY_ROLE, path="/inbox/{own_notification}", ok=None),
    "notifications.follow": Route(EVERY_ROLE, path="/inbox/{own_notification}/open", ok=None),
    "review.queue": Route(REVIEWERS, path="/review/"),
    "review.detail": Route(REVIEWERS, path="/review/product/{own_product}"),
    "review.decide": Route(REVIEWERS, "POST", "/review/product/{own_product}/decide", ok=400),
    "review.assign_to": Route(REVIEWERS, "POST", "/review/product/{own_product}/assign", ok=302),
    "review.bulk": Route(REVIEWERS, "POST", "/review/bulk", ok=400),  # nothing ticked: said
    "review.document_verdict": Route(REVIEWERS, "POST", "/review/documents/{own_document}", ok=400),
    "review.dashboard": Route(REVIEWERS, path="/review/dashboard"),
    "review.document_preview": Route(REVIEWERS, path="/review/documents/{own_document}/preview"),
    "review.rules": Route(ADMIN, path="/review/rules"),
    "review.edit_rule": Route(ADMIN, path="/review/rules/999999", ok=404),
    "review.toggle_rule": Route(ADMIN, "POST", "/review/rules/999999/toggle", ok=404),
    "audit.trail": Route(ADMIN, path="/review/audit"),
    "audit.export_trail": Route(ADMIN, path="/review/audit/export.csv"),
    "admin.activities": Route(ADMIN, path="/admin/activities"),
    "admin.edit_activity": Route(ADMIN, path="/admin/activities/{activity}/edit"),
    "budget.placements": Route(PLANNERS, path="/budget/placements"),
    "budget.edit_placement": Route(PLANNERS, path="/budget/placements/{placement}/edit"),
    "budget.plans": Route(PLANNERS, path="/budget/plans?store=Test"),
    "budget.new_plan": Route(PLANNERS, path="/budget/stores/{own_store}/plan"),
    "budget.plan": Route(frozenset({Role.MERCHANT, *PLANNERS}), path="/budget/plans/{own_plan}"),
    "budget.my_plans": Route(MERCHANT, path="/budget/my-plans"),
    "budget.platform": Route(PLANNERS, path="/budget/platform"),
    "budget.platform_run": Route(PLANNERS, path="/budget/platform/{run}"),
    "budget.results": Route(PLANNERS, path="/budget/stores/{own_store}/results"),
    "budget.import_results": Route(
        PLANNERS, "POST", "/budget/stores/{own_store}/results/import", ok=400
    ),
    "budget.undo_results": Route(
        PLANNERS, "POST", "/budget/stores/{own_store}/results/imports/999999/undo", ok=404
    ),
    "budget.replan_store": Route(PLANNERS, "POST", "/budget/stores/{own_store}/replan", ok=302),
    "budget.export_plan": Route(
        frozenset({Role.MERCHANT, *PLANNERS}), path="/budget/plans/{own_plan}/export.csv"
    ),
    "budget.compare": Route(
        frozenset({Role.MERCHANT, *PLANNERS}), path="/budget/compare?a={own_plan}&b={own_plan}"
    ),
    "budget.self_service_plan": Route(MERCHANT, path="/budget/my-plans/new"),
    "budget.publish_platform_run": Route(
        PLANNERS, "POST", "/budget/platform/{run}/publish", ok=None
    ),
    "budget.rerun_platform": Route(PLANNERS, "POST", "/budget/platform/{run}/rerun", ok=None),
    "budget.my_ad_budget": Route(MERCHANT, "POST", "/budget/my-plans/ad-budget", ok=400),
    "budget.store_ad_budget": Route(
        PLANNERS, "POST", "/budget/stores/{own_store}/ad-budget", ok=400
    ),
    "admin.users": Route(ADMIN, path="/admin/users"),
    "admin.new_user": Route(ADMIN, path="/admin/users/new"),
    "admin.set_user_active": Route(
        ADMIN, "POST", "/admin/users/{some_user}/active", ok=200
    ),  # asks first
    "admin.set_user_role": Route(ADMIN, "POST", "/admin/users/{some_user}/role", ok=400),
    "admin.outbox": Route(ADMIN, path="/admin/outbox"),
    "admin.outbox_message": Route(ADMIN, path="/admin/outbox/{message}"),
    "admin.resend_message": Route(ADMIN, "POST", "/admin/outbox/{message}/resend", ok=302),
    "jobs.job": Route(EVERY_ROLE, path="/jobs/{own_job}"),
    "jobs.retry_job": Route(EVERY_ROLE, "POST", "/jobs/{own_job}/retry", ok=302),
    "jobs.cancel_job": Route(EVERY_ROLE, "POST", "/jobs/{own_job}/cancel", ok=302),
    "sales.import_sales": Route(REVIEWERS, path="/sales/import"),
    "sales.import_template": Route(REVIEWERS, path="/sales/import/template.csv"),
    # the API ignores the session: whoever is signed in, no token answers 401
    "api.sales": Route(PUBLIC, "POST", "/api/v1/sales", ok=401),
    "api.openapi": Route(PUBLIC, path="/api/v1/openapi.json", ok=200),
    "api.tokens": Route(ADMIN, path="/admin/api-tokens"),
    "api.revoke": Route(ADMIN, "POST", "/admin/api-tokens/{token}/revoke", ok=200),  # asks first
    "growth.business": Route(MERCHANT, path="/growth/"),
    "growth.store_business": Route(REVIEWERS, path="/growth/stores/{own_store}"),
    "growth.product": Route(MERCHANT, path="/growth/products/{own_product}"),
    "growth.selection": Route(REVIEWERS, path="/growth/selection"),
    "growth.book": Route(REVIEWERS, path="/growth/book"),
    "growth.recall": Route(REVIEWERS, path="/growth/recall"),
    "growth.recall_store": Route(REVIEWERS, path="/growth/stores/{own_store}/recall"),
    "growth.assignments": Route(ADMIN, path="/growth/assignments"),
    "growth.move_assignments": Route(ADMIN, "POST", "/growth/assignments/move", ok=302),
    "growth.dashboard": Route(REVIEWERS, path="/growth/dashboard"),
    "growth.refresh_dashboard": Route(REVIEWERS, "POST", "/growth/dashboard/refresh", ok=302),
}


def test_every_route_is_in_the_access_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    assert endpoints - ROUTES.keys() == set(), "new routes need an entry in ROUTES"
    assert ROUTES.keys() - endpoints == set(), "ROUTES lists routes that no longer exist"


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_each_view_declares_the_expected_roles(app, endpoint):
    declared = getattr(app.view_functions[endpoint], ACCESS_ATTRIBUTE)
    assert set(declared) == set(ROUTES[endpoint].allowed), f"{endpoint} declares {declared}"


@pytest.fixture
def world(client, auth, app):
    """A merchant's store, document, product and image, an activity, another account, a
    mail and a notification: the objects the routes point at."""
    owner, store = factories.make_merchant(email="owner@example.com", status=ReviewStatus.APPROVED)
    product = factories.make_product(store)
    document = factories.make_document(store)
    image = factories.make_image(product)
    activity = factories.make_activity()
    placement = factories.make_placement()
    plan = factories.make_plan(store, owner)
    run = PlatformRun(created_by_id=owner.id, objective="revenue")
    db.session.add(run)
    other = factories.make_user(Role.PLANNER)
    message = send_mail("someone@example.com", "Hello", "Body")
    token, _ = issue_token("sender", ["sales:write"], other)
    db.session.commit()
    return {
        "own_product": product.id,
        "own_document": document.id,
        "own_image": image.id,
        "activity": activity.id,
        "some_user": other.id,
        "message": message.id,
        "owner": owner.id,
        "own_store": store.id,
        "placement": placement.id,
        "own_plan": plan.id,
        "run": run.id,
        "token": token.id,
    }


def sign_in_as(auth, role):
    if role == ANONYMOUS:
        return None
    if role == Role.MERCHANT:
        auth.login("owner@example.com")
        return db.session.scalar(select(User).where(User.email == "owner@example.com"))
    return auth.as_role(role)


@pytest.mark.parametrize("role", [ANONYMOUS, *Role])
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_answers_each_role(client, auth, world, endpoint, role):
    route = ROUTES[endpoint]
    user = sign_in_as(auth, role)
    if role == Role.REVIEWER:  # an account manager acts on the stores in their own book
        db.session.add(MerchantAccount(store_id=world["own_store"], manager_id=user.id))
        db.session.commit()
    if endpoint.startswith("notifications.") and user is not None:
        world["own_notification"] = factories.make_notification(user).id
        db.session.commit()
    world.setdefault("own_notification", 999999)
    if endpoint.startswith("jobs.") and user is not None:  # each user follows their own jobs
        job = Job(kind="product_import", started_by_id=user.id, status="succeeded")
        db.session.add(job)
        db.session.commit()
        world["own_job"] = job.id
    world.setdefault("own_job", 999999)
    response = client.open(route.path.format(**world), method=route.method)

    if role in route.allowed:
        if endpoint.startswith("notifications.") and route.ok is None:
            assert response.status_code in (200, 302)
        elif isinstance(route.ok, tuple):
            assert response.status_code in route.ok, f"{role} should reach {endpoint}"
        elif route.ok is not None:
            assert response.status_code == route.ok, f"{role} should reach {endpoint}"
        else:  # public pages send signed-in users on to their start page
            assert response.status_code == (200 if role == ANONYMOUS else 302)
    elif role == ANONYMOUS:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403, f"{role} must not reach {endpoint}"


OTHERS_OBJECTS = [
    ("GET", "/growth/products/{own_product}"),
    ("GET", "/budget/plans/{own_plan}"),
    ("GET", "/budget/plans/{own_plan}/export.csv"),
    ("GET", "/budget/compare?a={own_plan}&b={own_plan}"),
    ("GET", "/products/{own_product}"),
    ("GET", "/products/{own_product}/edit"),
    ("POST", "/products/{own_product}/edit"),
    ("POST", "/products/{own_product}/submit"),
    ("POST", "/products/{own_product}/images"),
    ("POST", "/products/{own_product}/images/{own_image}/delete"),
    ("GET", "/products/images/{own_image}"),
    ("GET", "/store/documents/{own_document}"),
    ("POST", "/store/documents/{own_document}/delete"),
]


@pytest.mark.parametrize(("method", "path"), OTHERS_OBJECTS)
def test_another_merchants_objects_answer_404(client, auth, world, method, path):
    auth.as_merchant(email="intruder@example.com", status=ReviewStatus.APPROVED)
    response = client.open(path.format(**world), method=method)
    assert response.status_code == 404


def test_another_merchants_lists_show_nothing_of_theirs(client, auth, world):
    auth.as_merchant(email="intruder@example.com", status=ReviewStatus.APPROVED)
    assert b"Cast iron skillet" not in client.get("/products/").data
    assert b"licence.pdf" not in client.get("/store/").data
    other_notification = factories.make_notification(db.session.get(User, world["owner"]))
    db.session.commit()
    assert client.get(f"/inbox/{other_notification.id}").status_code == 404
