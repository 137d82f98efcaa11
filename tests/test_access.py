"""Who may reach every route: one table, checked against the app and visited as every role.

Adding a route without an entry here (or without a role declaration on the view) fails.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy import select

from merchant_portal.access import (
    ACCESS_ATTRIBUTE,
    AD_ROLES,
    ALL_STORE_ROLES,
    FIGURE_READERS,
    LISTING_ROLES,
    OWNERS,
    PUBLIC,
    STORE_ACCESS_ATTRIBUTE,
    Role,
    StoreRole,
)
from merchant_portal.api.tokens import issue_token
from merchant_portal.auth.models import User
from merchant_portal.budget.models import PlatformRun
from merchant_portal.extensions import db
from merchant_portal.growth.models import MerchantAccount
from merchant_portal.growth.notebook.models import NotebookTask
from merchant_portal.jobs.models import Job
from merchant_portal.mail import send_mail
from merchant_portal.onboarding.team.models import StoreInvitation, StoreMember
from merchant_portal.timeutil import market_today, utcnow
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
    # the store roles of the merchants it serves (every one unless said), and what a store role
    # gets where it differs from ``ok``
    store: frozenset = ALL_STORE_ROLES
    store_ok: dict = field(default_factory=dict)


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
    "onboarding.checklist": Route(
        MERCHANT, path="/onboarding", store_ok={StoreRole.ADS: 302, StoreRole.FINANCE: 302}
    ),
    "store.profile": Route(MERCHANT, path="/store/", store=OWNERS),
    # an approved store adds a renewed licence: posted with no file, the form says what is missing
    "store.upload_document": Route(MERCHANT, "POST", "/store/documents", ok=400, store=OWNERS),
    "store.delete_document": Route(
        MERCHANT, "POST", "/store/documents/{own_document}/delete", ok=409, store=OWNERS
    ),
    "store.document": Route(
        MERCHANT_AND_REVIEWERS, path="/store/documents/{own_document}", store=OWNERS
    ),
    "store.submit": Route(MERCHANT, "POST", "/store/submit", ok=302, store=OWNERS),
    "products.index": Route(MERCHANT, path="/products/", store=LISTING_ROLES),
    "products.new": Route(MERCHANT, path="/products/new", store=LISTING_ROLES),
    "products.detail": Route(MERCHANT, path="/products/{own_product}", store=LISTING_ROLES),
    "products.edit": Route(MERCHANT, path="/products/{own_product}/edit", store=LISTING_ROLES),
    "products.quality": Route(MERCHANT, "POST", "/products/quality", store=LISTING_ROLES),
    "products.sku_grid": Route(MERCHANT, "POST", "/products/skus", store=LISTING_ROLES),
    "products.attributes": Route(
        MERCHANT, path="/products/attributes?category=Toys", store=LISTING_ROLES
    ),
    "products.upload_image": Route(
        MERCHANT, "POST", "/products/{own_product}/images", ok=302, store=LISTING_ROLES
    ),
    "products.delete_image": Route(
        MERCHANT,
        "POST",
        "/products/{own_product}/images/{own_image}/delete",
        ok=302,
        store=LISTING_ROLES,
    ),
    "products.image": Route(
        MERCHANT_AND_REVIEWERS, path="/products/images/{own_image}", store=LISTING_ROLES
    ),
    "products.submit": Route(
        MERCHANT, "POST", "/products/{own_product}/submit", ok=302, store=LISTING_ROLES
    ),
    "products.discard_pending_change": Route(
        MERCHANT, "POST", "/products/{own_product}/change/discard", ok=302, store=LISTING_ROLES
    ),
    "products.bulk_import": Route(MERCHANT, path="/products/import", store=LISTING_ROLES),
    "products.undo_import": Route(
        MERCHANT, "POST", "/products/import/999999/undo", ok=404, store=LISTING_ROLES
    ),
    "products.import_template": Route(
        MERCHANT, path="/products/import/template.csv", store=LISTING_ROLES
    ),
    "products.export": Route(MERCHANT, path="/products/export.xlsx", store=LISTING_ROLES),
    "products.main_image": Route(
        MERCHANT,
        "POST",
        "/products/{own_product}/images/{own_image}/main",
        ok=302,
        store=LISTING_ROLES,
    ),
    "products.move_image": Route(
        MERCHANT,
        "POST",
        "/products/{own_product}/images/{own_image}/up",
        ok=302,
        store=LISTING_ROLES,
    ),
    "products.order_images": Route(
        MERCHANT,
        "POST",
        "/products/{own_product}/images/order",
        ok=400,  # posted with no order
        store=LISTING_ROLES,
    ),
    "admin.ad_terms": Route(ADMIN, path="/admin/ad-terms"),
    "admin.health_line": Route(ADMIN, path="/admin/health-line"),
    "admin.remove_ad_term": Route(ADMIN, "POST", "/admin/ad-terms/999999/remove", ok=404),
    "admin.categories": Route(ADMIN, path="/admin/categories"),
    "admin.export_categories": Route(ADMIN, path="/admin/categories/export.xlsx"),
    "activities.index": Route(MERCHANT, path="/activities/", store=LISTING_ROLES),
    "activities.detail": Route(MERCHANT, path="/activities/{activity}", store=LISTING_ROLES),
    "activities.registrations": Route(
        MERCHANT, path="/activities/registrations", store=LISTING_ROLES
    ),
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
    "budget.plan": Route(
        frozenset({Role.MERCHANT, *PLANNERS}), path="/budget/plans/{own_plan}", store=FIGURE_READERS
    ),
    "budget.my_plans": Route(MERCHANT, path="/budget/my-plans", store=FIGURE_READERS),
    "budget.platform": Route(PLANNERS, path="/budget/platform"),
    "budget.platform_run": Route(PLANNERS, path="/budget/platform/{run}"),
    "budget.results": Route(PLANNERS, path="/budget/stores/{own_store}/results"),
    "budget.import_results": Route(
        PLANNERS, "POST", "/budget/stores/{own_store}/results/import", ok=400
    ),
    "budget.undo_results": Route(
        PLANNERS, "POST", "/budget/stores/{own_store}/results/imports/999999/undo", ok=404
    ),
    "budget.delete_result": Route(
        PLANNERS, "POST", "/budget/stores/{own_store}/results/999999/delete", ok=404
    ),
    "budget.replan_store": Route(PLANNERS, "POST", "/budget/stores/{own_store}/replan", ok=302),
    "budget.export_plan": Route(
        frozenset({Role.MERCHANT, *PLANNERS}),
        path="/budget/plans/{own_plan}/export.csv",
        store=FIGURE_READERS,
    ),
    "budget.compare": Route(
        frozenset({Role.MERCHANT, *PLANNERS}),
        path="/budget/compare?a={own_plan}&b={own_plan}",
        store=FIGURE_READERS,
    ),
    "budget.self_service_plan": Route(MERCHANT, path="/budget/my-plans/new", store=AD_ROLES),
    "budget.publish_platform_run": Route(
        PLANNERS, "POST", "/budget/platform/{run}/publish", ok=None
    ),
    "budget.rerun_platform": Route(PLANNERS, "POST", "/budget/platform/{run}/rerun", ok=None),
    "budget.mark_platform_stores": Route(PLANNERS, "POST", "/budget/platform/{run}/marks", ok=None),
    "budget.curves": Route(PLANNERS, path="/budget/curves"),
    "budget.curve_fit": Route(PLANNERS, path="/budget/curves/{fit}"),
    "budget.placement_curves": Route(PLANNERS, path="/budget/curves/{fit}/placements/{placement}"),
    "budget.accept_curves": Route(PLANNERS, "POST", "/budget/curves/{fit}/accept", ok=302),
    "budget.my_ad_budget": Route(
        MERCHANT, "POST", "/budget/my-plans/ad-budget", ok=400, store=AD_ROLES
    ),
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
    "growth.business": Route(MERCHANT, path="/growth/", store=FIGURE_READERS),
    "growth.store_business": Route(REVIEWERS, path="/growth/stores/{own_store}"),
    "growth.product": Route(MERCHANT, path="/growth/products/{own_product}", store=FIGURE_READERS),
    "growth.selection": Route(REVIEWERS, path="/growth/selection"),
    "growth.book": Route(REVIEWERS, path="/growth/book"),
    "growth.recall": Route(REVIEWERS, path="/growth/recall"),
    "growth.recall_store": Route(REVIEWERS, path="/growth/stores/{own_store}/recall"),
    "growth.notebook": Route(REVIEWERS, path="/growth/stores/{own_store}/notebook"),
    "growth.notebook_contact": Route(  # nothing typed: an empty contact is saved
        REVIEWERS, "POST", "/growth/stores/{own_store}/notebook/contact", ok=302
    ),
    "growth.notebook_entry": Route(  # nothing typed: said
        REVIEWERS, "POST", "/growth/stores/{own_store}/notebook/entries", ok=400
    ),
    "growth.notebook_task": Route(  # nothing typed: said
        REVIEWERS, "POST", "/growth/stores/{own_store}/notebook/tasks", ok=400
    ),
    "growth.notebook_task_done": Route(
        REVIEWERS, "POST", "/growth/stores/{own_store}/notebook/tasks/{own_task}/done", ok=302
    ),
    "growth.assignments": Route(ADMIN, path="/growth/assignments"),
    "growth.move_assignments": Route(ADMIN, "POST", "/growth/assignments/move", ok=302),
    "growth.dashboard": Route(REVIEWERS, path="/growth/dashboard"),
    "growth.refresh_dashboard": Route(REVIEWERS, "POST", "/growth/dashboard/refresh", ok=302),
    "team.members_page": Route(MERCHANT, path="/team/", store=OWNERS),
    "team.invite_member": Route(MERCHANT, "POST", "/team/invite", ok=400, store=OWNERS),
    "team.revoke_invitation": Route(
        MERCHANT, "POST", "/team/invitations/{invitation}/revoke", ok=302, store=OWNERS
    ),
    "team.change_member_role": Route(  # no role chosen: said
        MERCHANT, "POST", "/team/members/{own_member}/role", ok=400, store=OWNERS
    ),
    "team.remove_member": Route(  # asks first
        MERCHANT, "POST", "/team/members/{own_member}/remove", ok=200, store=OWNERS
    ),
    "team.leave": Route(MERCHANT, "POST", "/team/leave", ok=200),  # asks first
    "team.join_store": Route(PUBLIC, path="/team/join/not-a-token", ok=302),
    "team.no_store": Route(EVERY_ROLE, path="/team/no-store", ok=302),  # in a store: home
}


def test_every_route_is_in_the_access_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    assert endpoints - ROUTES.keys() == set(), "new routes need an entry in ROUTES"
    assert ROUTES.keys() - endpoints == set(), "ROUTES lists routes that no longer exist"


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_each_view_declares_the_expected_roles(app, endpoint):
    view = app.view_functions[endpoint]
    declared = getattr(view, ACCESS_ATTRIBUTE)
    assert set(declared) == set(ROUTES[endpoint].allowed), f"{endpoint} declares {declared}"
    if Role.MERCHANT in declared and declared != PUBLIC:
        store_roles = getattr(view, STORE_ACCESS_ATTRIBUTE)
        assert store_roles == ROUTES[endpoint].store, f"{endpoint} serves {set(store_roles)}"


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
    fit = factories.make_curve_fit(store, placement)
    other = factories.make_user(Role.PLANNER)
    message = send_mail("someone@example.com", "Hello", "Body")
    token, _ = issue_token("sender", ["sales:write"], other)
    invitation = StoreInvitation(
        store_id=store.id,
        email="invited@example.com",
        role=StoreRole.ADS,
        token_hash="0" * 64,
        invited_by_id=owner.id,
        expires_at=utcnow() + timedelta(days=7),
    )
    db.session.add(invitation)
    db.session.commit()
    own_member = db.session.scalar(select(StoreMember.id).where(StoreMember.user_id == owner.id))
    task = NotebookTask(
        store_id=store.id, owner_id=other.id, title="Call back", due_on=market_today()
    )
    db.session.add(task)
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
        "fit": fit.id,
        "token": token.id,
        "invitation": invitation.id,
        "own_member": own_member,
        "own_task": task.id,
    }


def sign_in_as(auth, role, world):
    """A staff role, or a merchant in the world's store in one of the store roles (the store's
    owner itself, or a colleague the owner brought in)."""
    if role == ANONYMOUS:
        return None
    if isinstance(role, StoreRole):
        email = "owner@example.com"
        if role != StoreRole.OWNER:
            email = f"{role.value}@example.com"
            colleague = factories.make_user(Role.MERCHANT, email)
            factories.make_member(world["own_store"], colleague, role)
            db.session.commit()
        auth.login(email)
        return db.session.scalar(select(User).where(User.email == email))
    return auth.as_role(role)


def reaches(route: Route, role) -> bool:
    if isinstance(role, StoreRole):
        return Role.MERCHANT in route.allowed and (route.allowed == PUBLIC or role in route.store)
    return role in route.allowed


VISITORS = [ANONYMOUS, *(role for role in Role if role != Role.MERCHANT), *StoreRole]


@pytest.mark.parametrize("role", VISITORS)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_answers_each_role(client, auth, world, endpoint, role):
    route = ROUTES[endpoint]
    user = sign_in_as(auth, role, world)
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

    if reaches(route, role):
        if role in route.store_ok:
            assert response.status_code == route.store_ok[role], f"{role} at {endpoint}"
        elif endpoint.startswith("notifications.") and route.ok is None:
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
    ("POST", "/products/{own_product}/images/{own_image}/down"),
    ("POST", "/products/{own_product}/images/order"),
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
