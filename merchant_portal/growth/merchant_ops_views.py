"""Merchant-ops pages: the manager's book, assignments, and the recall worklist."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..access import Role, roles_required
from ..auth.models import User
from ..extensions import db
from ..i18n import _, ngettext
from ..numbers import parse_int
from ..onboarding.store.models import Store
from ..pagination import RowPage, page_number, paginate, paginate_rows
from ..timeutil import utcnow
from . import bp
from .accounts import assign, manager_or_none, managers, move_book
from .book import SORTS, book_rows, sort_rows
from .business import stage_of
from .forms import AssignForm, MoveBookForm, RecallForm
from .models import MerchantAccount, RecallAction
from .queries import store_or_404
from .recall import outcomes, record_action, snoozed_until

OPS = (Role.REVIEWER, Role.ADMIN)


def _page_of(rows: list) -> RowPage:
    per_page = current_app.config["ITEMS_PER_PAGE"]
    page = page_number()
    if page > 1 and (page - 1) * per_page >= len(rows):
        abort(404)
    return RowPage(rows[(page - 1) * per_page : page * per_page], page, per_page, len(rows))


def _book_owner() -> tuple[int | None, list[User]]:
    """A reviewer's own book; an admin picks any manager's (or the unassigned merchants)."""
    if current_user.role == Role.REVIEWER:
        return current_user.id, []
    staff = managers()
    chosen = manager_or_none(request.args.get("manager"))
    if request.args.get("manager") == "none":
        return None, staff
    if chosen is None and staff:
        chosen = staff[0]
    return (chosen.id if chosen else None), staff


@bp.route("/book")
@roles_required(*OPS)
def book():
    owner, staff = _book_owner()
    sort = request.args.get("sort", "stage")
    sort = sort if sort in SORTS else "stage"
    descending = request.args.get("dir", "asc" if sort in ("stage", "name") else "desc") == "desc"
    today = utcnow().date()
    rows = sort_rows(book_rows(owner, today), sort, descending)
    return render_template(
        "growth/book.html",
        page=_page_of(rows),
        sort=sort,
        descending=descending,
        staff=staff,
        owner=owner,
        today=today,
    )


@bp.route("/recall")
@roles_required(*OPS)
def recall():
    owner, staff = _book_owner()
    today = utcnow().date()
    needing = [row for row in book_rows(owner, today) if row.life.stage.needs_recall]
    snoozed = snoozed_until([row.store_id for row in needing], today)
    worklist = [row for row in needing if row.store_id not in snoozed]
    worklist = sort_rows(worklist, "trend", descending=False)
    actions = paginate(
        select(RecallAction)
        .join(MerchantAccount, MerchantAccount.store_id == RecallAction.store_id)
        .where(
            MerchantAccount.manager_id.is_(None)
            if owner is None
            else MerchantAccount.manager_id == owner
        )
        .order_by(RecallAction.created_at.desc(), RecallAction.id.desc())
    )
    names = dict(
        db.session.execute(
            select(Store.id, Store.name).where(Store.id.in_({a.store_id for a in actions.items}))
        ).all()
    )
    return render_template(
        "growth/recall.html",
        worklist=_page_of(worklist),
        snoozed=len(snoozed),
        actions=actions,
        outcomes=outcomes(actions.items, today),
        names=names,
        staff=staff,
        owner=owner,
    )


@bp.route("/stores/<int:store_id>/recall", methods=["GET", "POST"])
@roles_required(*OPS)
def recall_store(store_id: int):
    store = store_or_404(store_id)
    today = utcnow().date()
    life = stage_of(store.id, today)
    form = RecallForm()
    if form.validate_on_submit():
        merchant = db.session.get(User, store.merchant_id)
        action = record_action(
            store,
            merchant,
            current_user,
            life,
            form.kind.data,
            template=form.template.data,
            note=form.note.data,
            snooze_until=form.snooze_until.data,
        )
        db.session.commit()
        done = {
            "message": _("Message sent to the merchant's inbox and mail: %(store)s."),
            "call": _("Call logged: %(store)s."),
            "snooze": _("Snoozed until %(date)s: %(store)s."),
        }
        flash(done[action.kind] % {"store": store.name, "date": action.snooze_until}, "success")
        return redirect(url_for("growth.recall_store", store_id=store.id))
    history = list(
        db.session.scalars(
            select(RecallAction)
            .where(RecallAction.store_id == store.id)
            .order_by(RecallAction.created_at.desc(), RecallAction.id.desc())
            .limit(20)
        )
    )
    return render_template(
        "growth/recall_store.html",
        store=store,
        life=life,
        form=form,
        history=history,
        outcomes=outcomes(history, today),
    ), (400 if form.errors else 200)


@bp.route("/assignments", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def assignments():
    staff = managers()
    choices = [(str(m.id), m.email) for m in staff]
    form = AssignForm()
    form.manager.choices = [("none", _("Nobody (unassign)")), *choices]
    move = MoveBookForm(prefix="move")
    move.source.choices = move.destination.choices = choices
    if form.assign.data and form.validate_on_submit():
        manager = manager_or_none(form.manager.data)
        if manager is None and form.manager.data != "none":
            form.manager.errors = [_("Choose a merchant-ops account manager.")]
        else:
            count = assign(
                [parse_int(v, 1) for v in form.stores.data], manager, form.target.data, current_user
            )
            db.session.commit()
            flash(
                ngettext(
                    "%(num)d merchant(s) now with %(manager)s.",
                    "%(num)d merchant(s) now with %(manager)s.",
                    count,
                    manager=manager.email,
                )
                if manager
                else ngettext(
                    "%(num)d merchant(s) now with nobody.",
                    "%(num)d merchant(s) now with nobody.",
                    count,
                ),
                "success",
            )
            return redirect(request.full_path)
    query = (
        select(Store, MerchantAccount)
        .outerjoin(MerchantAccount, MerchantAccount.store_id == Store.id)
        .order_by(Store.name, Store.id)
    )
    shown = request.args.get("manager")
    if shown == "none":
        query = query.where(MerchantAccount.manager_id.is_(None))
    elif parse_int(shown, 1) is not None:
        query = query.where(MerchantAccount.manager_id == parse_int(shown, 1))
    search = (request.args.get("q") or "").strip()[:80]
    if search:
        query = query.where(Store.name.ilike(f"%{search}%"))
    return render_template(
        "growth/assignments.html",
        form=form,
        move=move,
        page=paginate_rows(query),
        staff={m.id: m.email for m in staff},
        shown=shown,
        search=search,
    ), (400 if form.errors else 200)


@bp.route("/assignments/move", methods=["POST"])
@roles_required(Role.ADMIN)
def move_assignments():
    staff = managers()
    move = MoveBookForm(prefix="move")
    move.source.choices = move.destination.choices = [(str(m.id), m.email) for m in staff]
    source, destination = manager_or_none(move.source.data), manager_or_none(move.destination.data)
    if not move.validate_on_submit() or source is None or destination is None:
        flash(_("Choose two different account managers to move a book."), "error")
        return redirect(url_for("growth.assignments"))
    count = move_book(source, destination, current_user)
    db.session.commit()
    flash(
        ngettext(
            "Moved %(num)d merchant(s) from %(source)s to %(destination)s.",
            "Moved %(num)d merchant(s) from %(source)s to %(destination)s.",
            count,
            source=source.email,
            destination=destination.email,
        ),
        "success",
    )
    return redirect(url_for("growth.assignments"))
