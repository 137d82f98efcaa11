"""Browser journeys: the app served on a free loopback port, driven by Debian's Chromium."""

import os
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from ..conftest import ARTIFACTS, dispose_engines, make_test_app

# What a person sees arrives within seconds on a quiet machine; CI shares two cores with the
# server thread, the browser and the database, so an assertion waits up to 15 s, not 5.
expect.set_options(timeout=15_000)

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # this machine's network is closed: Chromium's own background calls would only fail
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM.exists():
                item.add_marker(
                    pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)")
                )


@pytest.fixture(scope="session")
def live_server(database_url):
    """The real app, CSRF on, on a free port; every test's tables are emptied as usual."""
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True, SERVER_NAME=None)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    dispose_engines(app)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    console_errors: list[str] = []

    def record(message) -> None:
        # A form refused with 400 is the portal answering bad input, not a broken page;
        # CSP violations, script errors and other failed loads are what this catches.
        if message.type == "error" and "status of 400" not in message.text:
            console_errors.append(message.text)

    page.on("console", record)
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    page.console_errors = console_errors
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def sign_up(page, email: str, store_name: str, password: str) -> None:
    """Sign up as a person does: the form, then the link from the mail (read in the outbox)."""
    import re

    from sqlalchemy import select

    from merchant_portal.extensions import db
    from merchant_portal.mail.models import OutboxMessage

    page.goto("/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Store name").fill(store_name)
    page.get_by_role("button", name="Create my store").click()
    page.get_by_role("heading", name="Check your inbox").wait_for()
    db.session.expire_all()
    body = db.session.scalar(
        select(OutboxMessage.body)
        .where(OutboxMessage.recipient == email)
        .order_by(OutboxMessage.id.desc())
    )
    page.goto(re.search(r"https?://[^/\s]+(/signup/\S+)", body).group(1))
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat the password").fill(password)
    page.get_by_role("button", name="Open my store").click()
