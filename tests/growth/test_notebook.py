"""The account manager's notebook: a contact checked as Chinese numbers are written, a
timeline of entries and recall actions, tasks whose reminder comes once. Only the merchant's
own manager and admins reach it; every change is audited."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from merchant_portal.access import Role
from merchant_portal.audit import AuditEvent
from merchant_portal.extensions import db
from merchant_portal.growth.models import MerchantAccount, RecallAction
from merchant_portal.growth.notebook.contact_checks import normal_phone, normal_wechat
from merchant_portal.growth.notebook.models import MerchantContact, NotebookEntry, NotebookTask
from merchant_portal.growth.notebook.reminders import send_due_reminders
from merchant_portal.mail.models import OutboxMessage
from merchant_portal.notifications.models import Notification
from merchant_portal.workflow.reviewable import ReviewStatus as S

from .. import factories
from ..test_query_counts import statements_for

FULL_WIDTH_LANDLINE = "".join(chr(ord(c) + 0xFEE0) for c in "010-12345678")  # as IMEs type it


def today():
    return factories.market_today()


@pytest.fixture
def managed(auth):
    """A signed-in account manager and a store in their book."""
    manager = auth.as_role(Role.REVIEWER)
    _, store = factories.make_merchant(status=S.APPROVED, store_name="Tea House")
    db.session.add(MerchantAccount(store_id=store.id, manager_id=manager.id))
    db.session.commit()
    return manager, store


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("138 0013 8000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        (FULL_WIDTH_LANDLINE, "010-12345678"),
        ("0755 8888 6666 转 12", "0755-88886666 转 12"),
        ("+86 10 1234 5678", "010-12345678"),
        ("12345", None),
        ("23800138000", None),
    ],
)
def test_phone_numbers_are_read_as_written_in_china(typed, kept):
    assert normal_phone(typed) == kept


def test_a_wechat_id_or_the_mobile_it_is_registered_with():
    assert normal_wechat("Zhang_San-88") == "Zhang_San-88"
    assert normal_wechat("138 0013 8000") == "13800138000"
    assert normal_wechat("ab") is None and normal_wechat("1abcdef") is None


def test_the_manager_saves_the_contact_in_one_form(client, managed):
    _, store = managed
    response = client.post(f"/growth/stores/{store.id}/notebook/contact",
                           data={"person": "王芳", "phone": "+86 138-0013-8000",
                                 "wechat": "wangfang_88"})  # fmt: skip
    assert response.status_code == 302
    contact = db.session.get(MerchantContact, store.id)
    assert (contact.person, contact.phone, contact.wechat) == ("王芳", "13800138000", "wangfang_88")
    page = client.get(f"/growth/stores/{store.id}/notebook").text
    assert "王芳" in page and "13800138000" in page
    assert actions()[-1] == "notebook_contact"


def test_a_refused_contact_keeps_what_was_typed_and_says_every_problem(client, managed):
    _, store = managed
    response = client.post(f"/growth/stores/{store.id}/notebook/contact",
                           data={"person": "王芳", "phone": "12345", "wechat": "ab"})  # fmt: skip
    assert response.status_code == 400
    page = response.text
    assert "Enter a mobile like 138 0013 8000" in page and "A WeChat ID has 6 to 20" in page
    assert 'value="王芳"' in page and 'value="12345"' in page
    assert db.session.get(MerchantContact, store.id) is None


def test_another_manager_s_merchant_answers_404(client, auth):
    _, store = factories.make_merchant(status=S.APPROVED)
    other = factories.make_user(Role.REVIEWER)
    db.session.add(MerchantAccount(store_id=store.id, manager_id=other.id))
    db.session.commit()
    auth.as_role(Role.REVIEWER)
    base = f"/growth/stores/{store.id}/notebook"
    assert client.get(base).status_code == 404
    assert client.post(f"{base}/entries", data={"kind": "note", "body": "x"}).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(NotebookEntry)) == 0


def test_an_admin_reads_any_merchant_s_notebook(client, auth):
    _, store = factories.make_merchant(status=S.APPROVED)
    db.session.commit()
    auth.as_role(Role.ADMIN)
    assert client.get(f"/growth/stores/{store.id}/notebook").status_code == 200


def test_the_timeline_holds_entries_and_recall_actions_newest_first_by_pages(client, managed):
    manager, store = managed
    db.session.add(RecallAction(store_id=store.id, actor_id=manager.id, kind="call",
                                stage="at_risk", note="first call",
                                created_at=factories.utcnow() - timedelta(days=3)))  # fmt: skip
    db.session.commit()
    response = client.post(f"/growth/stores/{store.id}/notebook/entries",
                           data={"kind": "message", "body": "WeChat: restocking on Friday"})  # fmt: skip
    assert response.status_code == 302 and actions()[-1] == "notebook_entry"
    page = client.get(f"/growth/stores/{store.id}/notebook").text
    timeline = page.split('id="timeline"', 1)[1]
    assert timeline.index("restocking on Friday") < timeline.index("first call")
    for n in range(30):
        db.session.add(NotebookEntry(store_id=store.id, author_id=manager.id, kind="note",
                                     body=f"note {n}"))  # fmt: skip
    db.session.commit()
    assert "first call" in client.get(f"/growth/stores/{store.id}/notebook?page=2").text
    assert client.get(f"/growth/stores/{store.id}/notebook?page=3").status_code == 404


def test_an_empty_entry_is_refused_with_a_reason(client, managed):
    _, store = managed
    response = client.post(f"/growth/stores/{store.id}/notebook/entries",
                           data={"kind": "note", "body": "  "})  # fmt: skip
    assert response.status_code == 400 and "Write what was said or agreed." in response.text


def test_a_refused_task_says_every_problem(client, managed):
    _, store = managed
    response = client.post(f"/growth/stores/{store.id}/notebook/tasks",
                           data={"title": "", "due_on": "2026-13-40", "remind_on": "soon"})  # fmt: skip
    assert response.status_code == 400
    assert "Say what is to be done." in response.text
    assert response.text.count("Enter a date like 2026-11-01.") == 1, "soon"
    assert "There is no month 13" in response.text, "2026-13-40: the calendar, not the format"
    late = client.post(f"/growth/stores/{store.id}/notebook/tasks",
                       data={"title": "Call", "due_on": str(today() + timedelta(days=2)),
                             "remind_on": str(today() + timedelta(days=5))})  # fmt: skip
    assert late.status_code == 400 and "on or before the due date" in late.text
    assert 'value="Call"' in late.text


def test_a_task_s_reminder_comes_once_to_the_inbox_and_by_mail(client, managed):
    manager, store = managed
    response = client.post(f"/growth/stores/{store.id}/notebook/tasks",
                           data={"title": "Ask about the autumn range",
                                 "due_on": str(today() + timedelta(days=3)),
                                 "remind_on": str(today() - timedelta(days=1))})  # fmt: skip
    assert response.status_code == 302 and actions()[-1] == "notebook_task"
    later = NotebookTask(store_id=store.id, owner_id=manager.id, title="Later",
                         due_on=today() + timedelta(days=30),
                         remind_on=today() + timedelta(days=20))  # fmt: skip
    db.session.add(later)
    db.session.commit()
    assert send_due_reminders() == 1
    db.session.commit()
    assert send_due_reminders() == 0  # the scheduler's next round, or a second consumer
    db.session.commit()
    notices = db.session.scalars(
        select(Notification).where(Notification.user_id == manager.id)
    ).all()
    assert [n.subject for n in notices] == ["Reminder: Ask about the autumn range (Tea House)"]
    assert f"/growth/stores/{store.id}/notebook" in notices[0].link
    mails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == manager.email)
    ).all()
    assert len(mails) == 1 and "Ask about the autumn range" in mails[0].subject


def test_a_task_done_is_not_reminded_and_done_twice_changes_nothing(client, managed):
    manager, store = managed
    task = NotebookTask(store_id=store.id, owner_id=manager.id, title="Send the contract",
                        due_on=today(), remind_on=today())  # fmt: skip
    db.session.add(task)
    db.session.commit()
    done = f"/growth/stores/{store.id}/notebook/tasks/{task.id}/done"
    assert client.post(done).status_code == 302
    assert "already done" in client.post(done, follow_redirects=True).text
    assert actions().count("notebook_task_done") == 1
    assert send_due_reminders() == 0


def test_another_store_s_task_answers_404(client, managed):
    manager, store = managed
    _, other = factories.make_merchant(status=S.APPROVED, store_name="Other")
    db.session.flush()
    task = NotebookTask(store_id=other.id, owner_id=manager.id, title="x", due_on=today())
    db.session.add(task)
    db.session.commit()
    assert (
        client.post(f"/growth/stores/{store.id}/notebook/tasks/{task.id}/done").status_code == 404
    )


def test_the_notebook_page_sends_the_same_statements_however_long_it_is(client, managed):
    manager, store = managed
    few = statements_for(client, f"/growth/stores/{store.id}/notebook")
    for n in range(20):
        db.session.add(NotebookEntry(store_id=store.id, author_id=manager.id, kind="call",
                                     body=f"call {n}"))  # fmt: skip
        db.session.add(NotebookTask(store_id=store.id, owner_id=manager.id, title=f"t{n}",
                                    due_on=today()))  # fmt: skip
        db.session.add(RecallAction(store_id=store.id, actor_id=manager.id, kind="call",
                                    stage="at_risk", note="n"))  # fmt: skip
    db.session.add(MerchantContact(store_id=store.id, person="王芳"))
    db.session.commit()
    many = statements_for(client, f"/growth/stores/{store.id}/notebook")
    assert many == few, f"{few} statements with an empty notebook, {many} with a full one"


def test_a_contact_posted_without_its_fields_is_saved_empty(client, managed):
    _, store = managed
    db.session.add(MerchantContact(store_id=store.id, person="王芳"))
    db.session.commit()
    assert client.post(f"/growth/stores/{store.id}/notebook/contact", data={}).status_code == 302
    assert db.session.get(MerchantContact, store.id).person == ""


def form_key(page: str, action: str) -> str:
    """The hidden key the form posting to ``action`` was rendered with."""
    form = page[page.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    return re.search(r'name="form_key" type="hidden" value="([0-9a-f]{32})"', form)[1]


def test_a_double_submit_saves_one_task_and_one_entry(client, managed):
    # the same render posted twice (a double click, a resent form) once saved two of each
    _, store = managed
    page = f"/growth/stores/{store.id}/notebook"
    tasks, entries = f"{page}/tasks", f"{page}/entries"
    shown = client.get(page).text
    task = {"title": "Call back", "due_on": str(today() + timedelta(days=3)),
            "remind_on": str(today()), "form_key": form_key(shown, tasks)}  # fmt: skip
    entry = {"kind": "call", "body": "Agreed on the autumn range.",
             "form_key": form_key(shown, entries)}  # fmt: skip
    for _ in range(2):
        answer = client.post(tasks, data=task)
        assert answer.status_code == 302 and answer.headers["Location"].endswith(page)
        answer = client.post(entries, data=entry)
        assert answer.status_code == 302 and answer.headers["Location"].endswith(page)
    count = func.count()
    assert db.session.scalar(select(count).select_from(NotebookTask)) == 1
    assert db.session.scalar(select(count).select_from(NotebookEntry)) == 1
    assert actions().count("notebook_task") == 1 and actions().count("notebook_entry") == 1
    assert send_due_reminders() == 1, "one reminder"
    db.session.commit()
    # a second render has its own key: the same words again are a second task
    again = client.get(page).text
    assert form_key(again, tasks) != task["form_key"]
    client.post(tasks, data={**task, "form_key": form_key(again, tasks)})
    client.post(entries, data={**entry, "form_key": form_key(again, entries)})
    assert db.session.scalar(select(count).select_from(NotebookTask)) == 2
    assert db.session.scalar(select(count).select_from(NotebookEntry)) == 2


def test_a_refused_task_keeps_its_form_key(client, managed):
    _, store = managed
    tasks = f"/growth/stores/{store.id}/notebook/tasks"
    key = form_key(client.get(f"/growth/stores/{store.id}/notebook").text, tasks)
    refused = client.post(tasks, data={"title": "", "due_on": "soon", "form_key": key})
    assert refused.status_code == 400 and form_key(refused.text, tasks) == key
    # a key the portal did not render is not kept: the task is saved as sent
    client.post(tasks, data={"title": "Call", "due_on": str(today()), "form_key": "x" * 500})
    assert db.session.scalar(select(NotebookTask.form_key)) is None
