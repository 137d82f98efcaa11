"""Two admins deactivate the same person at the same moment (a double-click, two tabs): the
account is deactivated once, with one audit event, and neither admin sees an error page.
Each on a connection of its own, released together (run on PostgreSQL: TEST_DATABASE_URL)."""

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit.models import AuditEvent
from merchant_portal.auth.models import User
from merchant_portal.extensions import db

from .. import factories
from ..conftest import Auth
from ..imports.test_races import Request, together


def test_one_account_deactivated_twice_at_once_is_deactivated_and_audited_once(app):
    admins = [factories.make_user(Role.ADMIN), factories.make_user(Role.ADMIN)]
    reviewer = factories.make_user(Role.REVIEWER)
    db.session.commit()
    reviewer_id = reviewer.id
    clients = [app.test_client(), app.test_client()]
    for client, admin in zip(clients, admins, strict=True):
        Auth(client).login(admin.email)

    def deactivate(client):
        return client.post(
            f"/admin/users/{reviewer_id}/active", data={"active": "0", "confirm": "1"}
        )

    answers = together(app, [Request(client, deactivate) for client in clients])
    assert [answer.status_code for answer in answers] == [302, 302]
    db.session.expire_all()
    assert db.session.get(User, reviewer_id).active is False
    events = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "deactivate")
    )
    assert events == 1
