"""Every route that changes something refuses a request without the CSRF token, as every
signed-in role, as a form, an htmx request and a JSON body: generated from the route map, so a
route added later is covered. (The other tests run with CSRF off.) Only the token-authenticated
API is exempt, and it takes no session cookie."""

import pytest
from sqlalchemy import func, select

from merchant_portal.audit.models import AuditEvent
from merchant_portal.extensions import db

from .test_route_fuzz import build_world, concrete_path, signed_in_clients

EXEMPT = {"api.sales"}  # a bearer token, not a cookie: nothing for another site to ride on


def test_no_route_changes_anything_without_the_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    posts = [r for r in app.url_map.iter_rules() if "POST" in r.methods]
    assert len(posts) > 30  # the route map, not an empty list
    with app.app_context():
        world = build_world()
        clients = signed_in_clients(app, world["users"])
        before = db.session.scalar(select(func.count()).select_from(AuditEvent))
        accepted = []
        for rule in posts:
            if rule.endpoint in EXEMPT:
                continue
            for role, client in clients.items():
                for user_id in world["ids"][:3]:
                    path = concrete_path(rule, [user_id])
                    for kwargs in (
                        {"data": {"confirm": "1", "items": "1"}},
                        {"data": {"confirm": "1"}, "headers": {"HX-Request": "true"}},
                        {"json": {"confirm": "1"}},
                    ):
                        status = client.post(path, **kwargs).status_code
                        if status != 400:
                            accepted.append((role, rule.endpoint, path, kwargs, status))
        after = db.session.scalar(select(func.count()).select_from(AuditEvent))
        assert accepted == []
        assert after == before
        db.session.rollback()


@pytest.mark.parametrize("endpoint", sorted(EXEMPT))
def test_the_exempt_api_ignores_a_session_cookie(make_app, endpoint):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        world = build_world()
        client = signed_in_clients(app, world["users"])["merchant"]
        (rule,) = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
        assert client.post(rule.rule, json={"rows": []}).status_code == 401
        db.session.rollback()
