"""Store teams as people use them: an owner invites, the colleague joins from the mail and
sees only their role's pages; removal signs out; the last owner stays."""

import re
import threading

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role, StoreRole
from merchant_portal.api.models import ApiToken
from merchant_portal.api.tokens import issue_token
from merchant_portal.audit import AuditEvent
from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.mail.models import OutboxMessage
from merchant_portal.onboarding.team.models import StoreInvitation, StoreMember
from merchant_portal.onboarding.team.services import LastOwner, change_role
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..onboarding.test_products import GOOD

LINK = re.compile(r"https?://[^/\s]+(/team/join/\S+)")


def invite(client, email, role):
    return client.post("/team/invite", data={"email": email, "role": role})


def mailed_link(email: str) -> str:
    message = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id)
    )
    return LINK.search(message.body).group(1)


def test_invite_mail_accept_sign_in_and_see_only_the_role_s_pages(app, client, auth):
    owner, store = factories.make_merchant(email="owner@example.com", status=ReviewStatus.APPROVED)
    product = factories.make_product(store)
    db.session.commit()
    auth.login(owner.email)
    assert invite(client, "ops@example.com", "operations").status_code == 302
    assert "ops@example.com" in client.get("/team/").text
    link = mailed_link("ops@example.com")
    auth.logout()

    joining = app.test_client()
    page = joining.get(link)
    assert page.status_code == 200 and "Test Store" in page.text
    joined = joining.post(
        link, data={"password": "a long new password", "confirm": "a long new password"}
    )
    assert joined.status_code == 302
    # signed in at once; the menu has listings and promotions, not the store or the team
    home = joining.get("/", follow_redirects=True).text
    nav = re.search(r'<nav aria-label="[^"]*">(.*?)</nav>', home, re.S).group(1)
    assert "/products/" in nav and "/activities/" in nav
    assert "/store/" not in nav and "/team/" not in nav and "/budget/my-plans" not in nav
    assert joining.get(f"/products/{product.id}").status_code == 200
    assert joining.get("/store/").status_code == 403
    assert joining.get("/team/").status_code == 403
    assert joining.get("/growth/").status_code == 403

    # what they do is theirs in the trail
    colleague = db.session.scalar(select(User).where(User.email == "ops@example.com"))
    assert joining.post("/products/new", data=GOOD).status_code == 302
    actors = set(
        db.session.scalars(select(AuditEvent.actor_id).where(AuditEvent.subject_kind == "product"))
    )
    assert actors == {colleague.id}

    # the same link again changes nothing; a fresh device is refused
    again = app.test_client().post(link, data={"password": "x" * 12, "confirm": "x" * 12})
    assert again.status_code == 302 and "/login" in again.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(StoreMember)) == 2
    # and signs in with their own password afterwards
    later = app.test_client()
    later.post("/login", data={"email": "ops@example.com", "password": "a long new password"})
    assert later.get("/products/").status_code == 200


def test_a_refused_invitation_keeps_what_was_typed(client, auth):
    auth.as_merchant(email="owner@example.com")
    refused = invite(client, "owner@example.com", "finance")
    assert refused.status_code == 400
    assert "already in your team" in refused.text
    assert 'value="owner@example.com"' in refused.text
    assert re.search(r'<option selected value="finance">', refused.text)


def test_finance_reads_figures_and_plans_but_changes_nothing(client, auth):
    _owner, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    finance = factories.make_user(Role.MERCHANT, "fin@example.com")
    factories.make_member(store.id, finance, StoreRole.FINANCE)
    db.session.commit()
    auth.login(finance.email)
    assert client.get("/", follow_redirects=True).request.path == "/growth/"
    plans = client.get("/budget/my-plans")
    assert plans.status_code == 200 and "/budget/my-plans/ad-budget" not in plans.text
    assert "/budget/my-plans/new" not in plans.text
    assert client.post("/budget/my-plans/ad-budget", data={"monthly": "1000"}).status_code == 403


def test_expired_and_withdrawn_invitations_do_not_work(app, client, auth):
    _owner, _store = auth.as_merchant(email="owner@example.com")
    invite(client, "late@example.com", "ads")
    invite(client, "gone@example.com", "ads")
    late = db.session.scalar(
        select(StoreInvitation).where(StoreInvitation.email == "late@example.com")
    )
    late.expires_at = late.created_at
    db.session.commit()
    gone = db.session.scalar(
        select(StoreInvitation).where(StoreInvitation.email == "gone@example.com")
    )
    assert client.post(f"/team/invitations/{gone.id}/revoke").status_code == 302
    for email in ("late@example.com", "gone@example.com"):
        answer = app.test_client().get(mailed_link(email))
        assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_removing_a_member_signs_them_out_everywhere_and_revokes_their_tokens(app, client, auth):
    owner, store = auth.as_merchant(email="owner@example.com", status=ReviewStatus.APPROVED)
    ads = factories.make_user(Role.MERCHANT, "ads@example.com")
    member = factories.make_member(store.id, ads, StoreRole.ADS)
    token, _secret = issue_token("their script", ["sales:write"], ads)
    db.session.commit()
    phone, laptop = app.test_client(), app.test_client()
    for device in (phone, laptop):
        device.post("/login", data={"email": ads.email, "password": factories.PASSWORD})
        assert device.get("/budget/my-plans").status_code == 200

    asked = client.post(f"/team/members/{member.id}/remove")
    assert asked.status_code == 200 and 'name="confirm" value="1"' in asked.text
    assert db.session.get(StoreMember, member.id) is not None
    member_id = member.id
    client.post(f"/team/members/{member_id}/remove", data={"confirm": "1"})

    assert db.session.get(StoreMember, member_id) is None
    for device in (phone, laptop):
        answer = device.get("/budget/my-plans")
        assert answer.status_code == 302 and "/login" in answer.headers["Location"]
    assert db.session.get(ApiToken, token.id).revoked_at is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "remove_member"))
    assert event.actor_id == owner.id


def test_the_last_owner_cannot_leave_be_removed_or_demoted(client, auth):
    owner, _store = auth.as_merchant(email="owner@example.com")
    member = db.session.scalar(select(StoreMember).where(StoreMember.user_id == owner.id))
    client.post(f"/team/members/{member.id}/role", data={"role": "finance"})
    client.post(f"/team/members/{member.id}/remove", data={"confirm": "1"})
    refused = client.post("/team/leave", data={"confirm": "1"}, follow_redirects=True)
    assert "keeps at least one owner" in refused.text
    assert db.session.get(StoreMember, member.id).role == StoreRole.OWNER


def test_an_owner_can_leave_once_another_owner_remains(client, auth):
    _owner, store = auth.as_merchant(email="owner@example.com")
    other = factories.make_user(Role.MERCHANT, "second@example.com")
    factories.make_member(store.id, other, StoreRole.OWNER)
    db.session.commit()
    client.post("/team/leave", data={"confirm": "1"})
    db.session.refresh(store)
    assert store.merchant_id == other.id  # the store's notices now go to the owner who stays
    assert client.get("/team/").status_code == 302  # signed out


def test_two_owners_demoting_each_other_at_once_leave_one_owner(app, database_url):
    """Held by the store's row lock and a conditional update: on PostgreSQL both requests run
    in their own transaction at the same moment; one demotion wins, the other is refused."""
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks are PostgreSQL's: set TEST_DATABASE_URL to run this")
    first, store = factories.make_merchant(email="a@example.com")
    second = factories.make_user(Role.MERCHANT, "b@example.com")
    factories.make_member(store.id, second, StoreRole.OWNER)
    db.session.commit()
    ids = {
        user_id: member_id
        for member_id, user_id in db.session.execute(
            select(StoreMember.id, StoreMember.user_id).where(StoreMember.store_id == store.id)
        )
    }
    pairs = [(first.id, ids[second.id]), (second.id, ids[first.id])]
    barrier, outcomes = threading.Barrier(2), []

    def demote(actor_id, member_id):
        with app.app_context():
            actor = db.session.get(User, actor_id)
            member = db.session.get(StoreMember, member_id)
            barrier.wait()
            try:
                change_role(member, StoreRole.FINANCE, actor)
                db.session.commit()
                outcomes.append("demoted")
            except LastOwner:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=demote, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["demoted", "refused"]
    owners = db.session.scalar(
        select(func.count())
        .select_from(StoreMember)
        .where(StoreMember.store_id == store.id, StoreMember.role == StoreRole.OWNER)
    )
    assert owners == 1


def test_a_colleague_s_checklist_links_only_to_pages_their_role_opens(client, auth):
    """The welcome page an operations colleague lands on offered 'See your plan', 'See your
    business' and 'See your store': every one answered 403 for them."""
    _owner, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    factories.make_product(store)
    ops = factories.make_user(Role.MERCHANT, "ops@example.com")
    factories.make_member(store.id, ops, StoreRole.OPERATIONS)
    db.session.commit()
    auth.login(ops.email)
    page = client.get("/onboarding")
    assert page.status_code == 200
    links = set(re.findall(r'<a href="(/[^"]*)"', page.text.split("<main", 1)[1]))
    assert "/products/" in links
    assert all(client.get(link).status_code == 200 for link in links), links


def test_the_invitation_form_does_not_offer_owner_in_advance(client, auth):
    auth.as_merchant(email="owner@example.com")
    page = client.get("/team/").text
    invite_form = page.split('action="/team/invite"', 1)[1]
    assert '<option selected value="owner">' not in invite_form
    # the browser shows the first option: asking for a choice, not Owner
    assert re.search(r'<select[^>]*name="role"[^>]*>\s*<option[^>]*value="">', invite_form)
    refused = invite(client, "new.colleague@example.com", "")
    assert refused.status_code == 400 and "Choose a role." in refused.text
    assert 'value="new.colleague@example.com"' in refused.text
