"""Every place that sends its visitor back to a ``next`` page reads it one way: a path on this
site, else the default. Hostile values answer a redirect home (or a 400), never a 500, and
never a Location a browser would read as another site."""

import pytest

from merchant_portal.access import Role

from .. import factories

HOSTILE_NEXT = [
    "/\r\n",
    "/%0d%0a",
    "/\r\nSet-Cookie: x=1",
    "/\n",
    "/\t/evil.example",
    "/\x00",
    "/\\evil.example",
    "//evil.example",
    "https://evil.example/",
    " /\t/evil.example",
    "/\x7f/x",
    "javascript:alert(1)",
]


def log_in_with(client, auth, next_page):
    user = factories.make_user(Role.MERCHANT)
    from merchant_portal.extensions import db

    db.session.commit()
    return client.post(
        "/login",
        query_string={"next": next_page},
        data={"email": user.email, "password": factories.PASSWORD},
    )


def switch_language_with(client, auth, next_page):
    return client.post("/language", data={"locale": "en", "next": next_page})


@pytest.mark.parametrize("send", [log_in_with, switch_language_with], ids=["login", "language"])
@pytest.mark.parametrize("next_page", HOSTILE_NEXT)
def test_a_hostile_next_goes_home(client, auth, send, next_page):
    answer = send(client, auth, next_page)
    assert answer.status_code in (302, 400), f"{next_page!r} -> {answer.status_code}"
    if answer.status_code == 302:
        location = answer.headers["Location"]
        browser_reads = "".join(c for c in location if c not in "\t\r\n")  # as browsers do
        assert browser_reads.startswith("/") and not browser_reads.startswith("//"), location
        assert location in ("/", "/onboarding"), f"{next_page!r} was followed to {location!r}"


@pytest.mark.parametrize("send", [log_in_with, switch_language_with], ids=["login", "language"])
def test_a_same_site_next_is_followed(client, auth, send):
    assert send(client, auth, "/inbox/?page=2").headers["Location"] == "/inbox/?page=2"


@pytest.mark.parametrize("next_page", HOSTILE_NEXT)
def test_the_login_page_opens_with_any_next(client, next_page):
    # a null byte anywhere in a request is refused as such (400); nothing else is
    expected = 400 if "\x00" in next_page else 200
    assert client.get("/login", query_string={"next": next_page}).status_code == expected
