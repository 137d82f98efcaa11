"""An admin turns on two-step sign-in with an authenticator app, then signs in with it."""

import re
import time

import pyotp

from merchant_portal.access import Role
from merchant_portal.extensions import db

from .. import factories


def test_an_admin_turns_on_totp_and_signs_in_with_it(page):
    admin = factories.make_user(Role.ADMIN, email="boss@example.com", second_factor=False)
    db.session.commit()

    page.goto("/login")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # sent to set it up before anything else
    page.get_by_role("heading", name="Turn on two-step sign-in").wait_for()
    assert page.url.endswith("/account/two-step")
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100")
    secret = page.locator("code.secret").inner_text()  # what a phone reads off the QR code
    app = pyotp.TOTP(secret)
    page.get_by_label("Code from your authenticator app").fill(app.now())
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.get_by_role("heading", name="Two-step sign-in is on").wait_for()
    codes = page.locator("ul.recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)
    page.get_by_role("link", name="I have kept them, carry on").click()
    page.get_by_role("heading", name="Accounts").wait_for()

    page.get_by_role("button", name="Log out").click()
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Two-step sign-in").wait_for()
    # the code just used is spent: the app's next one (a phone a little ahead) signs in
    page.get_by_label(re.compile("Code from your authenticator app")).fill(app.at(time.time() + 30))
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Accounts").wait_for()
    assert page.url.endswith("/admin/users")
    assert page.console_errors == []
