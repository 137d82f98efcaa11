"""Reminders follow the book: a deactivated account manager's open notebook tasks move to
whoever takes the book over (at deactivation or later from the unmanaged list), audited, so
the reminder reaches the person now answering for the store."""

from sqlalchemy import select

from merchant_portal.access import Role
from merchant_portal.audit.models import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.growth.accounts import assign
from merchant_portal.growth.notebook.models import NotebookTask
from merchant_portal.growth.notebook.reminders import send_due_reminders
from merchant_portal.notifications.models import Notification

from .. import factories
from .test_deactivation_hands_over import leaving_reviewer


def task(store, owner, title: str, *, done: bool = False) -> NotebookTask:
    today = factories.market_today()
    made = NotebookTask(store_id=store.id, owner_id=owner.id, title=title, due_on=today,
                        remind_on=today, done_at=factories.utcnow() if done else None)  # fmt: skip
    db.session.add(made)
    return made


def owners() -> dict[str, int]:
    db.session.expire_all()
    return dict(db.session.execute(select(NotebookTask.title, NotebookTask.owner_id)).all())


def handed_over() -> list[tuple[int, dict]]:
    return db.session.execute(
        select(AuditEvent.subject_id, AuditEvent.detail)
        .where(AuditEvent.action == "notebook_tasks_handed_over")
        .order_by(AuditEvent.id)
    ).all()  # fmt: skip


def test_deactivating_with_a_successor_moves_the_open_tasks_and_their_reminders(client, auth):
    leaving, _claimed, book = leaving_reviewer()
    successor = factories.make_user(Role.REVIEWER, email="sue@example.com")
    admin = auth.as_role(Role.ADMIN)
    call_back = task(book[0], leaving, "Call back about the refund rate")
    task(book[0], leaving, "Send the promotion calendar", done=True)
    task(book[1], admin, "Admin's own follow-up")  # not the leaver's: stays
    db.session.commit()

    client.post(f"/admin/users/{leaving.id}/active", data={
        "active": "0", "confirm": "1", "successor": str(successor.id)})  # fmt: skip

    assert owners() == {
        "Call back about the refund rate": successor.id,
        "Send the promotion calendar": leaving.id,  # done: history stays as it was
        "Admin's own follow-up": admin.id,
    }
    assert handed_over() == [(book[0].id, {"from_manager": leaving.id,
                                           "to_manager": successor.id,
                                           "tasks": [call_back.id]})]  # fmt: skip
    assert send_due_reminders() == 2
    told = db.session.scalars(select(Notification.user_id).order_by(Notification.id)).all()
    assert successor.id in told and leaving.id not in told


def test_a_book_handed_over_later_brings_its_tasks(client, auth):
    leaving, _claimed, book = leaving_reviewer()
    successor = factories.make_user(Role.REVIEWER, email="sue@example.com")
    auth.as_role(Role.ADMIN)
    task(book[2], leaving, "Check the new listings")
    db.session.commit()
    client.post(f"/admin/users/{leaving.id}/active", data={"active": "0", "confirm": "1"})
    assert owners() == {"Check the new listings": leaving.id}  # unmanaged: waits with the book
    assert send_due_reminders() == 0  # nobody active to remind yet

    client.post("/growth/assignments/move", data={
        "move-source": str(leaving.id), "move-destination": str(successor.id), "confirm": "1"})  # fmt: skip
    assert owners() == {"Check the new listings": successor.id}
    assert [store_id for store_id, _ in handed_over()] == [book[2].id]
    assert send_due_reminders() == 1


def test_reassigning_one_store_moves_only_that_store_s_tasks(client, auth):
    leaving, _claimed, book = leaving_reviewer()
    other = factories.make_user(Role.REVIEWER, email="otto@example.com")
    admin = auth.as_role(Role.ADMIN)
    task(book[0], leaving, "Stays with Leo")
    task(book[1], leaving, "Goes to Otto")
    db.session.commit()
    assign([book[1].id], other, None, admin)
    db.session.commit()
    assert owners() == {"Stays with Leo": leaving.id, "Goes to Otto": other.id}
