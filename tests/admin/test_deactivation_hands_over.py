"""Deactivating a staff member hands their work over: found by a new user, whose deactivated
reviewer's claims stayed claimed by a disabled account and whose book could not be moved."""

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit.models import AuditEvent
from merchant_portal.auth.models import User
from merchant_portal.extensions import db
from merchant_portal.growth.models import MerchantAccount
from merchant_portal.onboarding.store.models import Store
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..growth.test_book import assign_to


def leaving_reviewer():
    leaving = factories.make_user(Role.REVIEWER, email="leo@example.com")
    _, claimed = factories.make_merchant(store_name="Claimed Co", status=ReviewStatus.SUBMITTED,
                                         submitted_at=factories.utcnow())  # fmt: skip
    claimed.assignee_id = leaving.id
    book = [factories.make_merchant(store_name=f"Book {n}")[1] for n in range(3)]
    assign_to(leaving, *book)
    db.session.commit()
    return leaving, claimed, book


def test_deactivating_asks_first_saying_what_happens(client, auth):
    leaving, _claimed, _book = leaving_reviewer()
    auth.as_role(Role.ADMIN)
    asked = client.post(f"/admin/users/{leaving.id}/active", data={"active": "0"})
    assert asked.status_code == 200
    confirm = asked.text.split('id="confirm"')[1].split("</form>")[0]
    assert "1 submission they claimed goes back to the queue" in confirm
    assert "They manage 3 merchants." in confirm and 'name="successor"' in confirm
    assert db.session.get(User, leaving.id).active, "deactivated on one click"


def test_deactivating_releases_claims_and_hands_the_book_to_the_successor(client, auth):
    leaving, claimed, _book = leaving_reviewer()
    successor = factories.make_user(Role.REVIEWER, email="sue@example.com")
    db.session.commit()
    auth.as_role(Role.ADMIN)
    done = client.post(f"/admin/users/{leaving.id}/active", data={
        "active": "0", "confirm": "1", "successor": str(successor.id)}, follow_redirects=True)  # fmt: skip
    assert "3 merchants moved to sue@example.com" in done.text
    assert not db.session.get(User, leaving.id).active
    assert db.session.get(Store, claimed.id).assignee_id is None
    assert set(db.session.scalars(select(MerchantAccount.manager_id))) == {successor.id}


def test_a_book_left_behind_is_listed_as_unmanaged_and_can_be_moved_from(client, auth):
    leaving, _claimed, book = leaving_reviewer()
    successor = factories.make_user(Role.REVIEWER, email="sue@example.com")
    db.session.commit()
    auth.as_role(Role.ADMIN)
    client.post(f"/admin/users/{leaving.id}/active", data={"active": "0", "confirm": "1"})
    unmanaged = client.get("/growth/assignments?manager=none").text
    assert all(store.name in unmanaged for store in book), "their stores are not unmanaged"
    assert "leo@example.com (deactivated)" in unmanaged
    source = unmanaged.split('name="move-source"')[1].split("</select>")[0]
    assert f'value="{leaving.id}"' in source, "the deactivated person's book cannot be moved"
    destination = unmanaged.split('name="move-destination"')[1].split("</select>")[0]
    assert f'value="{leaving.id}"' not in destination
    client.post("/growth/assignments/move", data={
        "move-source": str(leaving.id), "move-destination": str(successor.id), "confirm": "1"})  # fmt: skip
    assert set(db.session.scalars(select(MerchantAccount.manager_id))) == {successor.id}
    assert "Book 0" not in client.get("/growth/assignments?manager=none").text


def test_deactivating_twice_says_so_and_audits_once(client, auth):
    leaving, _claimed, _book = leaving_reviewer()
    auth.as_role(Role.ADMIN)
    for _twice in range(2):
        page = client.post(f"/admin/users/{leaving.id}/active",
                           data={"active": "0", "confirm": "1"}, follow_redirects=True)  # fmt: skip
    assert "leo@example.com is already deactivated" in page.text
    events = select(func.count()).where(AuditEvent.action == "deactivate")
    assert db.session.scalar(events) == 1
