"""An API token carries its issuer's rights: deactivating the admin who issued it, or moving
them out of the admin role, revokes it (and the pages say so). Scopes are a list of names."""

import pytest
from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.api.models import ApiToken
from merchant_portal.api.tokens import issue_token
from merchant_portal.extensions import db
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories


@pytest.fixture
def issued():
    issuer = factories.make_user(Role.ADMIN)
    other = factories.make_user(Role.ADMIN)
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    product = factories.make_product(store, status=ReviewStatus.APPROVED)
    _, secret = issue_token("feed", ["sales:write"], issuer)
    _, kept = issue_token("other feed", ["sales:write"], other)
    db.session.commit()
    return issuer, secret, kept, product


def send(client, secret, product):
    row = {"product_id": product.id, "day": "2026-10-07", "visitors": 10, "orders": 1,
           "units": 1, "gmv": "10.00"}  # fmt: skip
    return client.post("/api/v1/sales", json={"rows": [row]},
                       headers={"Authorization": f"Bearer {secret}"})  # fmt: skip


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("active", {"active": "0", "confirm": "1"}),
        ("role", {"role": "planner"}),
        ("role", {"role": "reviewer"}),
    ],
)
def test_the_issuers_change_of_rights_revokes_their_tokens(client, auth, issued, path, data):
    issuer, secret, kept, product = issued
    assert send(client, secret, product).status_code == 200
    auth.as_role(Role.ADMIN)
    assert client.post(f"/admin/users/{issuer.id}/{path}", data=data).status_code == 302
    assert send(client, secret, product).status_code == 401
    assert send(client, kept, product).status_code == 200, "other admins' tokens live on"
    revoked = db.session.scalar(select(ApiToken).where(ApiToken.created_by_id == issuer.id))
    assert revoked.revoked_at is not None, "the token list shows it revoked"


def test_a_token_whose_issuer_lost_rights_by_other_means_is_refused(client, issued):
    issuer, secret, _kept, product = issued
    issuer.active = False  # say, by a command or a migration: not through the admin page
    db.session.commit()
    assert send(client, secret, product).status_code == 401


@pytest.mark.parametrize("stored", ["sales:write", "sales", ["sales"], [["sales:write"]], None])
def test_scopes_that_are_not_a_list_of_names_grant_nothing(client, issued, stored):
    _issuer, secret, _kept, product = issued
    token = db.session.scalar(select(ApiToken).where(ApiToken.name == "feed"))
    token.scopes = stored
    db.session.commit()
    assert send(client, secret, product).status_code == 403


def test_a_scope_given_as_text_is_refused_when_issuing():
    with pytest.raises(TypeError):
        issue_token("feed", "sales:write", factories.make_user(Role.ADMIN))


def test_the_pages_say_tokens_follow_their_issuers_rights(client, auth):
    auth.as_role(Role.ADMIN)
    assert "stops working when your account is deactivated" in client.get("/admin/api-tokens").text
    assert "revokes the API tokens they issued" in client.get("/admin/users").text
