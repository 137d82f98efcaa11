"""Who may reach every route: one table, checked against the app and visited as every role.

Adding a route without an entry here (or without a role declaration on the view) fails.
"""

from dataclasses import dataclass

import pytest

from merchant_portal.access import ACCESS_ATTRIBUTE, PUBLIC, Role
from merchant_portal.extensions import db
from merchant_portal.mail import send_mail

from . import factories

ANONYMOUS = "anonymous"
EVERY_ROLE = frozenset(Role)
ADMIN = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class Route:
    allowed: frozenset
    method: str = "GET"
    path: str = ""
    ok: int = 200  # what an allowed visitor gets


ROUTES = {
    "auth.index": Route(PUBLIC, path="/", ok=None),
    "auth.signup": Route(PUBLIC, path="/signup", ok=None),
    "auth.login": Route(PUBLIC, path="/login", ok=None),
    "auth.request_reset": Route(PUBLIC, path="/reset"),
    "auth.reset_password": Route(PUBLIC, path="/reset/not-a-token", ok=302),
    "auth.logout": Route(EVERY_ROLE, "POST", "/logout", ok=302),
    "auth.change_password": Route(EVERY_ROLE, path="/account/password"),
    "onboarding.checklist": Route(frozenset({Role.MERCHANT}), path="/onboarding"),
    "onboarding.products": Route(frozenset({Role.MERCHANT}), path="/products"),
    "onboarding.product": Route(frozenset({Role.MERCHANT}), path="/products/{own_product}"),
    "review.queue": Route(frozenset({Role.REVIEWER, Role.ADMIN}), path="/review/"),
    "budget.placements": Route(frozenset({Role.PLANNER, Role.ADMIN}), path="/budget/placements"),
    "admin.users": Route(ADMIN, path="/admin/users"),
    "admin.new_user": Route(ADMIN, path="/admin/users/new"),
    "admin.set_user_active": Route(ADMIN, "POST", "/admin/users/{some_user}/active", ok=302),
    "admin.outbox": Route(ADMIN, path="/admin/outbox"),
    "admin.outbox_message": Route(ADMIN, path="/admin/outbox/{message}"),
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
def world(client, auth):
    """A merchant with a product, another account, a mail: the objects routes point at."""
    _owner, store = factories.make_merchant(email="owner@example.com")
    product = factories.make_product(store)
    other = factories.make_user(Role.PLANNER)
    message = send_mail("someone@example.com", "Hello", "Body")
    db.session.commit()
    return {"own_product": product.id, "some_user": other.id, "message": message.id}


def sign_in_as(auth, role):
    if role == ANONYMOUS:
        return
    if role == Role.MERCHANT:
        auth.login("owner@example.com")
    else:
        auth.as_role(role)


@pytest.mark.parametrize("role", [ANONYMOUS, *Role])
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_answers_each_role(client, auth, world, endpoint, role):
    route = ROUTES[endpoint]
    sign_in_as(auth, role)
    response = client.open(route.path.format(**world), method=route.method)

    if role in route.allowed:
        if route.ok is not None:
            assert response.status_code == route.ok, f"{role} should reach {endpoint}"
        else:  # public pages send signed-in users on to their start page
            assert response.status_code == (200 if role == ANONYMOUS else 302)
    elif role == ANONYMOUS:
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
    else:
        assert response.status_code == 403, f"{role} must not reach {endpoint}"


def test_another_merchants_product_answers_404(client, auth, world):
    auth.as_merchant(email="intruder@example.com")
    assert client.get(f"/products/{world['own_product']}").status_code == 404
    assert client.get("/products").status_code == 200
    assert b"Cast iron skillet" not in client.get("/products").data
