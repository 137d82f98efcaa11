"""In development a new user finds their sign-up link on the server's console, in full."""

import re


def test_development_prints_every_mail_in_full(make_app, capsys):
    app = make_app(PORTAL_ENV="development", PUBLIC_URL="http://portal.test")
    answer = app.test_client().post(
        "/signup", data={"email": "new.shop@example.com", "store_name": "New Shop"}
    )
    assert answer.status_code in (200, 302)
    printed = capsys.readouterr().err
    assert "new.shop@example.com" in printed
    assert re.search(r"http://portal\.test/signup/\S{20,}", printed), printed[-500:]


def test_testing_and_production_print_no_mail(make_app, capsys):
    app = make_app()  # the testing profile
    app.test_client().post("/signup", data={"email": "b@example.com", "store_name": "B Shop"})
    assert "b@example.com" not in capsys.readouterr().err
