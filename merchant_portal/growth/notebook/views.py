"""The notebook page and its forms: the merchant's account manager and admins only (another
manager's merchant answers 404, as everywhere)."""

from flask import abort, flash, redirect, render_template, url_for
from sqlalchemy import select

from ...access import Role, roles_required
from ...extensions import db
from ...forms import EmptyForm
from ...i18n import _
from ...timeutil import market_today
from .. import bp
from ..models import RECALL_KINDS
from ..queries import store_in_book_or_404
from .forms import ContactForm, EntryForm, TaskForm
from .models import ENTRY_KINDS, NotebookTask
from .reads import contact_of, tasks_of, timeline_page
from .services import add_entry, add_task, complete_task, save_contact

OPS = (Role.REVIEWER, Role.ADMIN)


def _page(store, contact_form=None, entry_form=None, task_form=None):
    contact = contact_of(store.id)
    if contact_form is None:
        contact_form = (
            ContactForm(obj=contact, formdata=None) if contact else ContactForm(formdata=None)
        )
    refused = any(f is not None and f.errors for f in (contact_form, entry_form, task_form))
    return render_template(
        "growth/notebook.html",
        store=store,
        contact=contact,
        contact_form=contact_form,
        entry_form=entry_form or EntryForm(formdata=None),
        task_form=task_form or TaskForm(formdata=None),
        done_form=EmptyForm(),
        timeline=timeline_page(store.id),
        tasks=tasks_of(store.id),
        kinds=ENTRY_KINDS,
        recall_kinds=RECALL_KINDS,
        today=market_today(),
    ), (400 if refused else 200)


@bp.route("/stores/<int:store_id>/notebook")
@roles_required(*OPS)
def notebook(store_id: int):
    return _page(store_in_book_or_404(store_id))


@bp.route("/stores/<int:store_id>/notebook/contact", methods=["POST"])
@roles_required(*OPS)
def notebook_contact(store_id: int):
    store = store_in_book_or_404(store_id)
    form = ContactForm()
    if not form.validate_on_submit():
        return _page(store, contact_form=form)
    save_contact(store, form.person.data, form.phone.data, form.wechat.data)
    db.session.commit()
    flash(_("Contact saved."), "success")
    return redirect(url_for("growth.notebook", store_id=store.id))


@bp.route("/stores/<int:store_id>/notebook/entries", methods=["POST"])
@roles_required(*OPS)
def notebook_entry(store_id: int):
    store = store_in_book_or_404(store_id)
    form = EntryForm()
    if not form.validate_on_submit():
        return _page(store, entry_form=form)
    add_entry(store, form.kind.data, form.body.data, form.form_key.data)  # None: saved before
    db.session.commit()
    flash(_("Added to the timeline."), "success")
    return redirect(url_for("growth.notebook", store_id=store.id))


@bp.route("/stores/<int:store_id>/notebook/tasks", methods=["POST"])
@roles_required(*OPS)
def notebook_task(store_id: int):
    store = store_in_book_or_404(store_id)
    form = TaskForm()
    if not form.validate_on_submit():
        return _page(store, task_form=form)
    add_task(store, form.title.data, form.due_on.data, form.remind_on.data, form.form_key.data)
    db.session.commit()
    flash(_("Task added."), "success")
    return redirect(url_for("growth.notebook", store_id=store.id))


@bp.route("/stores/<int:store_id>/notebook/tasks/<int:task_id>/done", methods=["POST"])
@roles_required(*OPS)
def notebook_task_done(store_id: int, task_id: int):
    store = store_in_book_or_404(store_id)
    task = db.session.scalar(
        select(NotebookTask).where(NotebookTask.id == task_id, NotebookTask.store_id == store.id)
    )
    if task is None:
        abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if complete_task(task):
        db.session.commit()
        flash(_("Task done: %(task)s", task=task.title), "success")
    else:
        flash(_("That task was already done."), "info")
    return redirect(url_for("growth.notebook", store_id=store.id))
