"""The security baseline, one behaviour per test."""

import re
import subprocess
import sys
import textwrap

import pytest
from flask import Flask

from merchant_portal import create_app
from merchant_portal.access import Role, public
from merchant_portal.extensions import db
from merchant_portal.security import CONTENT_SECURITY_POLICY

from . import factories


def csrf_token_from(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


@pytest.fixture
def csrf_client(make_app):
    return make_app(WTF_CSRF_ENABLED=True).test_client()


def test_post_without_csrf_token_is_refused(csrf_client):
    factories.make_merchant(email="shop@example.com")
    db.session.commit()
    response = csrf_client.post(
        "/login", data={"email": "shop@example.com", "password": factories.PASSWORD}
    )
    assert response.status_code == 400
    assert "The form expired" in response.text
    assert csrf_client.get("/onboarding").status_code == 302


def test_post_with_csrf_token_works(csrf_client):
    factories.make_merchant(email="shop@example.com")
    db.session.commit()
    token = csrf_token_from(csrf_client.get("/login").text)
    response = csrf_client.post(
        "/login",
        data={"email": "shop@example.com", "password": factories.PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert csrf_client.get("/onboarding").status_code == 200


def test_htmx_requests_carry_the_token_in_a_header(csrf_client):
    factories.make_merchant(email="shop@example.com")
    db.session.commit()
    token = csrf_token_from(csrf_client.get("/login").text)
    csrf_client.post(
        "/login",
        data={"email": "shop@example.com", "password": factories.PASSWORD, "csrf_token": token},
    )
    page = csrf_client.get("/onboarding").text
    header_token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)

    assert csrf_client.post("/logout", headers={"HX-Request": "true"}).status_code == 400
    response = csrf_client.post(
        "/logout", headers={"HX-Request": "true", "X-CSRFToken": header_token}
    )
    assert response.status_code == 302
    assert csrf_client.get("/onboarding").status_code == 302


def test_security_headers_and_strict_csp(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert csp == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style_and_htmx_cannot_eval(client, auth):
    auth.as_role(Role.ADMIN)
    for path in (
        "/admin/users",
        "/admin/users/new",
        "/admin/outbox",
        "/review/",
        "/budget/placements",
    ):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline script on {path}"
        assert " style=" not in html and "<style" not in html, f"inline style on {path}"
        assert '"allowEval": false' in html


def test_session_cookie_is_httponly_and_samesite_lax(client):
    factories.make_merchant(email="shop@example.com")
    db.session.commit()
    response = client.post(
        "/login", data={"email": "shop@example.com", "password": factories.PASSWORD}
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure_and_secret_key_is_required(database_url, make_app):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(
            {
                "PORTAL_ENV": "production",
                "SECRET_KEY": None,
                "SQLALCHEMY_DATABASE_URI": database_url,
            }
        )
    app = make_app(
        PORTAL_ENV="production",
        SECRET_KEY="s3cret" * 8,
        PUBLIC_URL="https://portal.example.com",
        RATELIMIT_ONE_PROCESS=True,
        TOTP_ENCRYPTION_KEY="n4PlbxUNESUt_JN4-oBuqcVVqlcq04vcy2uhJYGwYN0=",
    )
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert "Strict-Transport-Security" in app.test_client().get("/login").headers


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters():
    user = factories.make_user()
    user.set_password("a password to hash")
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password("a password to hash")
    assert not user.check_password("a password to hasH")


def test_changing_password_ends_the_other_sessions(app):
    factories.make_merchant(email="shop@example.com")
    db.session.commit()
    laptop, phone = app.test_client(), app.test_client()
    for device in (laptop, phone):
        device.post("/login", data={"email": "shop@example.com", "password": factories.PASSWORD})
        assert device.get("/onboarding").status_code == 200
    laptop.post(
        "/account/password",
        data={
            "current_password": factories.PASSWORD,
            "password": "fresh secret 9",
            "confirm": "fresh secret 9",
        },
    )
    assert laptop.get("/onboarding").status_code == 200
    assert phone.get("/onboarding").status_code == 302


def test_deactivating_an_account_ends_its_sessions(app, client, auth):
    planner = factories.make_user(Role.PLANNER, email="plan@example.com")
    db.session.commit()
    planner_client = app.test_client()
    planner_client.post(
        "/login", data={"email": "plan@example.com", "password": factories.PASSWORD}
    )
    assert planner_client.get("/budget/placements").status_code == 200

    auth.as_role(Role.ADMIN)
    client.post(f"/admin/users/{planner.id}/active", data={"active": "0", "confirm": "1"})
    assert planner_client.get("/budget/placements").status_code == 302


def test_login_is_throttled_with_a_readable_page(make_app):
    client = make_app(LOGIN_RATE_LIMIT="3 per minute").test_client()
    answers = [
        client.post(
            "/login", data={"email": "x@example.com", "password": "wrong password"}
        ).status_code
        for _ in range(4)
    ]
    assert answers == [401, 401, 401, 429]
    page = client.post("/login", data={"email": "x@example.com", "password": "wrong password"})
    assert "Too many attempts" in page.text
    assert client.get("/login").status_code == 200  # reading the page is not throttled


def test_password_reset_is_throttled(make_app):
    client = make_app(RESET_RATE_LIMIT="2 per minute").test_client()
    answers = [client.post("/reset", data={"email": "x@example.com"}).status_code for _ in range(3)]
    assert answers == [302, 302, 429]


def test_throttling_can_count_in_redis_for_several_workers(database_url):
    """Run in its own process: Flask-Limiter keeps its storage per process, not per app."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis server on 127.0.0.1:6379 to count in")
    script = textwrap.dedent(
        f"""
        import redis, uuid
        from tests.conftest import make_test_app
        prefix = uuid.uuid4().hex
        app = make_test_app({database_url!r}, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/0",
                            RATELIMIT_KEY_PREFIX=prefix, LOGIN_RATE_LIMIT="2 per minute")
        first, second = app.test_client(), app.test_client()  # two "workers", one store
        wrong = {{"email": "x@example.com", "password": "wrong password"}}
        codes = [c.post("/login", data=wrong).status_code for c in (first, second, first)]
        print(codes)
        print(len(redis.Redis().keys("*" + prefix + "*")) > 0)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["[401,", "401,", "429]", "True"]


def test_request_body_is_limited(client):
    response = client.post("/login", data={"email": "x" * (17 * 1024 * 1024)})
    assert response.status_code == 413
    assert "larger than the portal accepts" in response.text


def test_a_body_too_large_sent_by_htmx_by_a_signed_in_merchant_is_a_413(client, auth):
    """Drawing the 413 page read the body again (the menu's log-out form) and answered 500."""
    auth.as_merchant()
    for path in ("/products/new", "/products/skus", "/products/quality"):
        response = client.post(
            path, data={"title": "x" * (17 * 1024 * 1024)}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 413, path


def test_errors_show_a_generic_page_without_traceback(make_app):
    app = make_app()

    @app.route("/boom", endpoint="boom")
    @public
    def boom():
        raise ValueError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text
    json_response = app.test_client().get("/boom", headers={"Accept": "application/json"})
    assert json_response.get_json()["error"] == "Something went wrong"


def test_not_found_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "There is nothing here" in response.text


def test_undeclared_route_stops_the_app_from_starting():
    from merchant_portal.access import check_every_route_is_declared

    bare = Flask("bare")
    bare.add_url_rule("/open", "open_door", lambda: "anyone")
    with pytest.raises(RuntimeError, match="open_door"):
        check_every_route_is_declared(bare)


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("GET", "/review/audit?actor=a%00b", None),
        ("GET", "/budget/plans?store=%00", None),
        ("POST", "/login", {"email": "a\x00b@example.com", "password": "x"}),
        ("GET", "/reset/abc%00def", None),
    ],
)
def test_a_nul_character_anywhere_answers_400(client, auth, method, path, data):
    """PostgreSQL refuses NUL in text: found by the route fuzz on /review/audit?actor=a%00b."""
    auth.as_role(Role.ADMIN)
    response = client.open(path, method=method, data=data)
    assert response.status_code == 400
    assert "could not be understood" in response.text


@pytest.mark.parametrize("body", ["[1]", '{"email": 5, "name": ["x"]}', "{", "null", '"text"'])
@pytest.mark.parametrize(
    "path", ["/admin/users/new", "/review/bulk", "/budget/placements/new", "/account/password"]
)
def test_a_form_page_sent_json_answers_415_not_500(client, auth, path, body):
    """Found by the attack pass: Flask-WTF builds a form from a JSON body, and a list, or a
    number where text belongs, answered 500 on every form page (the CSRF token rides in a
    header, so a real browser session could send one)."""
    auth.as_role(Role.ADMIN)
    response = client.post(path, data=body, content_type="application/json")
    assert response.status_code == 415
    assert "takes a form" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/v1/sales", "/login", "/products/quality", "/review/bulk"])
def test_a_json_body_nested_too_deep_is_a_bad_request_not_a_500(client, auth, path):
    """Found by the attack pass: 100,000 nested arrays raised RecursionError in the JSON reader,
    which get_json(silent=True) does not catch; the NUL guard reads every JSON body, so every
    POST route answered 500."""
    auth.as_role(Role.ADMIN)
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(
        path, data=body, content_type="application/json", headers={"Authorization": "Bearer x"}
    )
    assert response.status_code < 500


def test_json_bodies_refuse_nan_and_infinity(app):
    with app.test_request_context(
        "/", method="POST", data='{"a": NaN}', content_type="application/json"
    ):
        from flask import request

        assert request.get_json(silent=True) is None
    with app.app_context():
        with pytest.raises(ValueError):
            app.json.loads('{"a": -Infinity}')
        assert app.json.loads('{"a": 1.5}') == {"a": 1.5}


def test_text_longer_than_its_column_is_refused_before_the_driver(make_app):
    """Found by the attack pass: a recall template of 5,000 characters reached PostgreSQL's
    varchar(30) and answered 500 (SQLite stored it). Any String(n) value too long for its
    column now refuses the request with 400 on both databases, writing nothing."""
    from merchant_portal.column_limits import TextTooLong
    from merchant_portal.onboarding.store.models import Store

    _, store = factories.make_merchant(store_name="Short")
    db.session.commit()
    store.name = "x" * 81
    with pytest.raises(TextTooLong):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(Store, store.id).name == "Short"
    store.name = "x" * 80  # the column's own size is fine
    db.session.commit()
    app = make_app()

    @app.route("/too-long-for-its-column", endpoint="too_long_probe")
    @public
    def too_long_probe():
        db.session.get(Store, store.id).name = "y" * 500
        db.session.commit()
        return "stored"

    response = app.test_client().get("/too-long-for-its-column")
    assert response.status_code == 400
    assert "longer than the portal keeps" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Store, store.id).name == "x" * 80


def test_no_exported_cell_is_a_formula_a_spreadsheet_would_run(client, auth):
    """Every CSV the portal sends goes through csv_files.csv_writer: a plan kept under older,
    looser rules (or any later export of typed text) cannot hand a spreadsheet =HYPERLINK()."""
    from pathlib import Path

    import merchant_portal
    from merchant_portal.budget.models import BudgetPlan
    from merchant_portal.csv_files import spreadsheet_safe
    from merchant_portal.workflow.reviewable import ReviewStatus

    user, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    plan = factories.make_plan(store, user)
    result = dict(plan.result)
    result["allocations"] = [
        {**result["allocations"][0], "id": '=HYPERLINK("http://evil.example","open")'}
    ]
    db.session.query(BudgetPlan).filter_by(id=plan.id).update({"result": result})
    db.session.commit()
    auth.login(user.email)
    exported = client.get(f"/budget/plans/{plan.id}/export.csv").get_data(as_text=True)
    assert "\n'=HYPERLINK(" in exported.replace('"', "").replace("\r", "")
    assert [spreadsheet_safe(v) for v in ("-12.50", "@SUM(A1)", "+cmd|x", 5, "\tx", "plain")] == [
        "-12.50", "'@SUM(A1)", "'+cmd|x", 5, "'\tx", "plain"
    ]  # fmt: skip
    root = Path(merchant_portal.__file__).parent
    loose = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "csv_files.py" and "csv.writer(" in path.read_text()
    ]
    assert loose == [], "write CSV with merchant_portal.csv_files.csv_writer"


def test_mailed_links_use_the_public_url_not_the_host_a_request_claims(database_url, make_app):
    """Found by the attack pass: POST /reset with "Host: evil.example" mailed the account's
    owner a reset link on evil.example, handing its token to whoever runs that host."""
    from sqlalchemy import select

    from merchant_portal.mail.models import OutboxMessage

    with pytest.raises(RuntimeError, match="PUBLIC_URL"):
        create_app({"PORTAL_ENV": "production", "SECRET_KEY": "s3cret" * 8,
                    "SQLALCHEMY_DATABASE_URI": database_url,
                    "RATELIMIT_ONE_PROCESS": True})  # fmt: skip
    factories.make_merchant(email="victim@example.com")
    db.session.commit()
    app = make_app(PUBLIC_URL="https://portal.example.com", SERVER_NAME=None)  # as deployed
    client = app.test_client()
    for path, data in [("/reset", {"email": "victim@example.com"}),
                       ("/signup", {"email": "new@example.com", "store_name": "New Shop"})]:  # fmt: skip
        client.post(path, data=data, base_url="http://evil.example",
                    headers={"X-Forwarded-Host": "evil.example"})  # fmt: skip
    bodies = db.session.scalars(select(OutboxMessage.body)).all()
    assert len(bodies) == 2
    assert all("https://portal.example.com/" in body for body in bodies)
    assert not any("evil.example" in body for body in bodies)
