"""A colleague leaves the store by themselves, from any page: asked first, then out of the
team, signed out, and the trail says they left."""

from sqlalchemy import select

from merchant_portal.access import Role, StoreRole
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.onboarding.team.models import StoreMember
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories


def test_a_colleague_leaves_by_themselves_and_is_signed_out(client, auth):
    _, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    colleague = factories.make_user(Role.MERCHANT, "ops.colleague@example.com")
    factories.make_member(store.id, colleague, StoreRole.OPERATIONS)
    db.session.commit()
    auth.login(colleague.email)
    assert 'id="leave-store"' in client.get("/products/").text  # offered on every page
    asked = client.post("/team/leave")
    assert asked.status_code == 200 and "Leave “Test Store”?" in asked.text
    assert client.post("/team/leave", data={"confirm": "1"}).status_code == 302
    assert db.session.scalar(select(StoreMember).where(StoreMember.user_id == colleague.id)) is None
    assert "/login" in client.get("/products/").headers["Location"]  # signed out
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()[-1]
    assert (event.action, event.actor_id, event.subject_id) == (
        "leave_store",
        colleague.id,
        store.id,
    )


def test_an_owner_is_not_offered_to_leave_from_the_header(client, auth):
    owner, _ = factories.make_merchant(status=ReviewStatus.APPROVED)
    db.session.commit()
    auth.login(owner.email)
    assert 'id="leave-store"' not in client.get("/products/").text
