"""A new merchant signs up, logs out, logs back in and finds their onboarding page."""

from playwright.sync_api import expect

from .conftest import sign_up


def test_sign_up_log_out_log_in(page):
    page.goto("/")
    page.get_by_role("link", name="Open your store").click()
    expect(page).to_have_url("/signup")
    sign_up(page, "new.shop@example.com", "Lantern Lane", "lantern secret 1")

    expect(page).to_have_url("/onboarding")
    expect(page.get_by_role("heading", name="Lantern Lane")).to_be_visible()
    expect(page.locator(".next-step")).to_contain_text("Fill in your store profile")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You are logged out.")).to_be_visible()

    page.get_by_label("Email").fill("new.shop@example.com")
    page.get_by_label("Password").fill("lantern secret 1")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url("/onboarding")
    expect(page.get_by_text("0 of 8 steps done")).to_be_visible()
    assert page.console_errors == [], "the page logged errors (CSP violations?)"


def test_wrong_password_shows_an_error_and_no_session(page):
    sign_up(page, "careful@example.com", "Careful Crafts", "the right one 1")
    page.get_by_role("button", name="Log out").click()

    page.get_by_label("Email").fill("careful@example.com")
    page.get_by_label("Password").fill("the wrong one 1")
    page.get_by_role("button", name="Log in").click()

    expect(page.locator("#password-errors")).to_have_text("Wrong email or password.")
    expect(page.get_by_label("Email")).to_have_value("careful@example.com")
    page.goto("/onboarding")
    expect(page).to_have_url("/login?next=/onboarding")
    expect(page.get_by_text("Log in to open that page.")).to_be_visible()


def test_bad_sign_up_input_is_explained_next_to_each_field(page):
    page.goto("/signup")
    page.get_by_label("Email").fill("not-an-address")
    page.get_by_label("Store name").fill("Kept Name")
    page.get_by_role("button", name="Create my store").click()
    expect(page.locator("#email-errors")).to_contain_text("Enter a valid email address")
    expect(page.get_by_label("Store name")).to_have_value("Kept Name")
