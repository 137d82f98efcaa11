"""Two admins assign the same merchant, never assigned before, at the same moment (two tabs,
or a colleague): one assignment stands and neither admin sees an error page. Each on a
connection of its own, released together (run on PostgreSQL: TEST_DATABASE_URL)."""

from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit.models import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.growth.models import MerchantAccount
from merchant_portal.workflow.reviewable import ReviewStatus

from .. import factories
from ..conftest import Auth
from ..imports.test_races import Request, together


def test_a_new_merchant_assigned_by_two_admins_at_once_gets_one_account_row(app):
    admins = [factories.make_user(Role.ADMIN), factories.make_user(Role.ADMIN)]
    managers = [factories.make_user(Role.REVIEWER), factories.make_user(Role.REVIEWER)]
    _owner, store = factories.make_merchant(status=ReviewStatus.APPROVED)
    db.session.commit()
    store_id, manager_ids = store.id, [m.id for m in managers]
    clients = [app.test_client(), app.test_client()]
    for client, admin in zip(clients, admins, strict=True):
        Auth(client).login(admin.email)

    def assign_to(manager_id):
        return lambda client: client.post(
            "/growth/assignments",
            data={"stores": str(store_id), "manager": str(manager_id), "target": "5000",
                  "assign": "1"},
        )  # fmt: skip

    pairs = zip(clients, manager_ids, strict=True)
    answers = together(app, [Request(client, assign_to(m)) for client, m in pairs])
    assert [answer.status_code for answer in answers] == [302, 302]
    db.session.expire_all()
    rows = db.session.scalar(select(func.count()).select_from(MerchantAccount))
    assert rows == 1
    assert db.session.get(MerchantAccount, store_id).manager_id in manager_ids


def test_one_book_moved_twice_at_once_is_moved_and_audited_once(app):
    admins = [factories.make_user(Role.ADMIN), factories.make_user(Role.ADMIN)]
    source, destination = factories.make_user(Role.REVIEWER), factories.make_user(Role.REVIEWER)
    stores = [factories.make_merchant(status=ReviewStatus.APPROVED)[1] for _ in range(3)]
    db.session.flush()
    db.session.add_all(MerchantAccount(store_id=s.id, manager_id=source.id) for s in stores)
    db.session.commit()
    form = {"move-source": str(source.id), "move-destination": str(destination.id),
            "move-confirm": "1", "confirm": "1"}  # fmt: skip
    clients = [app.test_client(), app.test_client()]
    for client, admin in zip(clients, admins, strict=True):
        Auth(client).login(admin.email)

    def move(client):
        return client.post("/growth/assignments/move", data=form)

    answers = together(app, [Request(client, move) for client in clients])
    assert [answer.status_code < 500 for answer in answers] == [True, True]
    db.session.expire_all()
    moved = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "assign_manager")
    )
    assert moved == 3
    managers = set(db.session.scalars(select(MerchantAccount.manager_id)))
    assert managers == {destination.id}
