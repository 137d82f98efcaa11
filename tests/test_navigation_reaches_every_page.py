"""Every page a role may use is reachable from that role's navigation: the menu, or a click or
two from a page the menu opens. Found by a new user: the sales CSV upload (/sales/import) had no
menu entry and was reachable only by typing its address."""

import re
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from merchant_portal.access import ACCESS_ATTRIBUTE, Role
from merchant_portal.workflow.reviewable import ReviewStatus

# Pages no menu should carry: the signed-out doors, the machine-readable API description,
# and the htmx fragment the product form swaps in.
NOT_PAGES = {
    "auth.login",
    "auth.signup",
    "auth.request_reset",
    "auth.second_step",  # the code asked after the password, reached only from it
    "api.openapi",
    "products.attributes",
    "team.no_store",  # where a merchant removed from their store lands, nowhere else
    "budget.compare",  # two plans named in its query (?a=&b=): the form on a plan's page opens it
}
NAV = re.compile(r'<nav aria-label="[^"]*">(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"#]+)')
GET_FORM = re.compile(r'<form(?![^>]*method="post")[^>]*action="([^"#]+)"')


def links(page: str) -> list[str]:
    return HREF.findall(page) + GET_FORM.findall(page)


def pages_for(app, role: Role) -> set[str]:
    """GET routes without parameters that ``role`` may reach (the route map's view)."""
    found = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments or rule.endpoint == "static":
            continue
        roles = getattr(app.view_functions[rule.endpoint], ACCESS_ATTRIBUTE, frozenset())
        if role in roles and rule.endpoint not in NOT_PAGES:
            found.add(rule.endpoint)
    return found


def endpoint_of(adapter, href: str) -> str | None:
    parts = urlsplit(href)
    if parts.netloc and parts.netloc != "portal.test":
        return None
    try:
        endpoint, _args = adapter.match(parts.path, method="GET")
    except HTTPException:
        return None
    return endpoint


def sign_in(auth, role: Role) -> None:
    if role == Role.MERCHANT:
        auth.as_merchant(status=ReviewStatus.APPROVED)
    else:
        auth.as_role(role)


@pytest.mark.parametrize("role", list(Role))
def test_every_page_of_a_role_is_reachable_from_its_menu(app, client, auth, role):
    sign_in(auth, role)
    adapter = app.url_map.bind("portal.test")
    home = client.get("/", follow_redirects=True).text
    menu = [h for h in HREF.findall(NAV.search(home).group(1))]
    assert menu, f"{role}: no menu"
    reached = {endpoint_of(adapter, href) for href in menu}
    header = home.split("<main", 1)[0]
    reached |= {endpoint_of(adapter, href) for href in HREF.findall(header)}
    walk, seen = list(menu), set()
    for _click in range(2):
        following = []
        for href in walk:
            if href in seen or endpoint_of(adapter, href) is None:
                continue
            seen.add(href)
            page = client.get(href, follow_redirects=True)
            if page.mimetype != "text/html":
                continue
            found = links(page.text)
            reached |= {endpoint_of(adapter, link) for link in found}
            following += found
        walk = following
    missing = pages_for(app, role) - reached
    assert not missing, f"{role.value} can use these pages but no menu leads to them: {missing}"
