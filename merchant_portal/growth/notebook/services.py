"""Changes to the notebook, each with its audit event. The caller commits."""

from flask_login import current_user

from ...audit import audit
from ...extensions import db
from ...onboarding.store.models import Store
from ...timeutil import utcnow
from ...transitions import insert_once, move_once
from .contact_checks import normal_phone, normal_wechat
from .models import MerchantContact, NotebookEntry, NotebookTask


def save_contact(store: Store, person: str, phone: str, wechat: str) -> MerchantContact:
    contact = db.session.get(MerchantContact, store.id) or MerchantContact(store_id=store.id)
    contact.person = person or ""  # a field left out of the post is empty, not missing
    contact.phone = normal_phone(phone) if phone else ""
    contact.wechat = normal_wechat(wechat) if wechat else ""
    contact.updated_by_id = current_user.id
    db.session.add(contact)
    detail = {"person": contact.person, "phone": contact.phone, "wechat": contact.wechat}
    audit(current_user.id, "store", store.id, "notebook_contact", detail=detail)
    return contact


def add_entry(store: Store, kind: str, body: str, form_key=None) -> NotebookEntry | None:
    """The entry, or None when this render of the form was saved already."""
    entry = NotebookEntry(store_id=store.id, author_id=current_user.id, kind=kind, body=body,
                          form_key=form_key)  # fmt: skip
    if not insert_once(entry):
        return None
    audit(current_user.id, "store", store.id, "notebook_entry",
          detail={"entry": entry.id, "kind": kind})  # fmt: skip
    return entry


def add_task(store: Store, title: str, due_on, remind_on, form_key=None) -> NotebookTask | None:
    """The task, or None when this render of the form was saved already."""
    task = NotebookTask(store_id=store.id, owner_id=current_user.id, title=title,
                        due_on=due_on, remind_on=remind_on, form_key=form_key)  # fmt: skip
    if not insert_once(task):
        return None
    audit(current_user.id, "store", store.id, "notebook_task",
          detail={"task": task.id, "title": title, "due_on": due_on.isoformat(),
                  "remind_on": remind_on.isoformat() if remind_on else None})  # fmt: skip
    return task


def complete_task(task: NotebookTask) -> bool:
    """Done once: a second click (or a colleague's at the same moment) changes nothing."""
    if not move_once(task, "done_at", (None,), done_at=utcnow()):
        return False
    audit(current_user.id, "store", task.store_id, "notebook_task_done", detail={"task": task.id})
    return True
