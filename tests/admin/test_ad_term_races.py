"""Two admins remove the same absolute term at the same moment (a double click, two tabs):
the term goes once, with one audit event, and neither sees an error page. Each on a
connection of its own, released together (run on PostgreSQL: TEST_DATABASE_URL)."""

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit.models import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.onboarding.products.ad_terms import AbsoluteTerm

from .. import factories
from ..conftest import Auth
from ..imports.test_races import Request, together


def test_one_term_removed_twice_at_once_goes_once(app):
    admins = [factories.make_user(Role.ADMIN), factories.make_user(Role.ADMIN)]
    term = AbsoluteTerm(term="全网最低")
    db.session.add(term)
    db.session.commit()
    term_id = term.id
    clients = [app.test_client(), app.test_client()]
    for client, admin in zip(clients, admins, strict=True):
        Auth(client).login(admin.email)

    def remove(client):
        return client.post(f"/admin/ad-terms/{term_id}/remove")

    answers = together(app, [Request(client, remove) for client in clients])
    assert [answer.status_code < 500 for answer in answers] == [True, True], answers
    db.session.expire_all()
    assert db.session.get(AbsoluteTerm, term_id) is None
    removed = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "remove_ad_term")
    )
    assert removed == 1
