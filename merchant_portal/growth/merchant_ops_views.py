"""Merchant-ops pages: the manager's book, assignments, and the recall worklist."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..access import Role, roles_required
from ..auth.models import User
from ..extensions import db
from ..i18n import _, ngettext
from ..i18n.name_order import in_name_order
from ..numbers import parse_int, read_typed_int
from ..onboarding.store.models import Store
from ..pagination import RowPage, page_number, paginate, paginate_rows
from ..timeutil import market_today
from . import bp
from .accounts import (
    assign,
    book_size,
    former_managers,
    managed_by,
    manager_or_none,
    managers,
    move_book,
)
from .book import SORTS, book_rows, sort_rows
from .business import stage_of
from .forms import AssignForm, MoveBookForm, RecallForm
from .health import FULL
from .health_history import latest_crossings
from .health_line import recall_below
from .models import MerchantAccount, RecallAction
from .queries import store_in_book_or_404
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


def _score_filter(name: str, errors: dict) -> int | None:
    """A score typed in the book's filters, as people type it (full-width digits too);
    anything else is said next to the field and the book shown unfiltered, not a bare error
    page."""
    text = request.args.get(name) or ""
    if not text.strip():
        return None
    value = read_typed_int(text, 1, FULL)
    if value is None:
        errors[name] = _("Enter a score from 1 to %(max)s, like 600.", max=FULL)
    return value


@bp.route("/book")
@roles_required(*OPS)
def book():
    owner, staff = _book_owner()
    sort = request.args.get("sort", "stage")
    sort = sort if sort in SORTS else "stage"
    ascending = ("stage", "name", "health", "change")  # the worst health, the steepest fall first
    descending = request.args.get("dir", "asc" if sort in ascending else "desc") == "desc"
    today = market_today()
    rows = sort_rows(book_rows(owner, today), sort, descending)
    filter_errors = {}
    health_below = _score_filter("health_below", filter_errors)
    if health_below:
        rows = [row for row in rows if row.health.score < health_below]
    fell_by = _score_filter("fell_by", filter_errors)
    if fell_by:
        rows = [row for row in rows if (row.health_change or 0) <= -fell_by]
    return render_template(
        "growth/book.html",
        health_below=health_below,
        fell_by=fell_by,
        filter_errors=filter_errors,
        recall_below=recall_below(),
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
    today = market_today()
    # at risk or dormant by stage, or below the health threshold, whichever says so first
    threshold = recall_below()
    needing = [
        row
        for row in book_rows(owner, today)
        if row.life.stage.needs_recall or row.health.score < threshold
    ]
    snoozed = snoozed_until([row.store_id for row in needing], today)
    worklist = [row for row in needing if row.store_id not in snoozed]
    page = _page_of(sort_rows(worklist, "trend", descending=False))
    actions = paginate(
        select(RecallAction)
        .join(MerchantAccount, MerchantAccount.store_id == RecallAction.store_id)
        .where(managed_by(owner))
        .order_by(RecallAction.created_at.desc(), RecallAction.id.desc()),
        "actions_page",  # the worklist above pages with ?page=
    )
    names = dict(
        db.session.execute(
            select(Store.id, Store.name).where(Store.id.in_({a.store_id for a in actions.items}))
        ).all()
    )
    return render_template(
        "growth/recall.html",
        recall_below=threshold,
        worklist=page,
        crossings=latest_crossings([row.store_id for row in page.items]),
        snoozed=len(snoozed),
        actions=actions,
        outcomes=outcomes(actions.items, today),
        names=names,
        staff=staff,
        owner=owner,
    )


STORE_HISTORY = 20  # a store's newest actions; the recall page keeps every one, paged


@bp.route("/stores/<int:store_id>/recall", methods=["GET", "POST"])
@roles_required(*OPS)
def recall_store(store_id: int):
    store = store_in_book_or_404(store_id)
    today = market_today()
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
            form_key=form.form_key.data,
        )
        db.session.commit()
        if action is None:  # the same form sent twice: recorded (and sent) once
            flash(_("Already recorded: %(store)s.", store=store.name), "info")
            return redirect(url_for("growth.recall_store", store_id=store.id))
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
            .limit(STORE_HISTORY + 1)  # one more: is there more than the page shows?
        )
    )
    more = len(history) > STORE_HISTORY
    history = history[:STORE_HISTORY]
    return render_template(
        "growth/recall_store.html",
        store=store,
        life=life,
        form=form,
        history=history,
        more=more,
        outcomes=outcomes(history, today),
    ), (400 if form.errors else 200)


def _assigned_words(count: int, manager: User | None, unassigned: bool) -> str:
    if manager is not None:
        return ngettext(
            "%(num)d merchant now with %(manager)s.",
            "%(num)d merchants now with %(manager)s.",
            count,
            manager=manager.email,
        )
    if unassigned:
        return ngettext(
            "%(num)d merchant now with nobody.", "%(num)d merchants now with nobody.", count
        )
    return ngettext(
        "Target set for %(num)d merchant; their managers are unchanged.",
        "Target set for %(num)d merchants; their managers are unchanged.",
        count,
    )


@bp.route("/assignments", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def assignments():
    staff, former = managers(), former_managers()
    choices = [(str(m.id), m.email) for m in staff]
    form = AssignForm()
    form.manager.choices = [("", _("Keep each merchant's manager")), *choices]
    move = _move_form(staff, former)
    if (form.assign.data or form.unassign.data) and form.validate_on_submit():
        manager = None if form.unassign.data else manager_or_none(form.manager.data, active=True)
        if manager is None and form.assign.data and form.manager.data:
            form.manager.errors = [_("Choose a merchant-ops account manager.")]
        else:
            stores = [parse_int(v, 1) for v in form.stores.data]
            target = None if form.unassign.data else form.target.data
            count = assign(stores, manager, target, current_user, unassign=form.unassign.data)
            db.session.commit()
            flash(_assigned_words(count, manager, form.unassign.data), "success")
            return redirect(request.full_path)
    query = (
        select(Store, MerchantAccount)
        .outerjoin(MerchantAccount, MerchantAccount.store_id == Store.id)
        .order_by(in_name_order(Store.name), Store.id)
    )
    shown = request.args.get("manager")
    if shown == "none":
        query = query.where(managed_by(None))
    elif parse_int(shown, 1) is not None:
        query = query.where(managed_by(parse_int(shown, 1)))
    search = (request.args.get("q") or "").strip()[:80]
    if search:
        query = query.where(Store.name.ilike(f"%{search}%"))
    return render_template(
        "growth/assignments.html",
        form=form,
        move=move,
        page=paginate_rows(query),
        staff={m.id: m.email for m in staff},
        former={m.id: m.email for m in former},
        shown=shown,
        search=search,
    ), (400 if form.errors else 200)


def _move_form(staff: list[User], former: list[User]) -> MoveBookForm:
    """A book moves from anyone who has one, a deactivated person's above all, to someone who
    can still take it."""
    move = MoveBookForm(prefix="move")
    move.source.choices = [(str(m.id), m.email) for m in staff] + [
        (str(m.id), _("%(email)s (deactivated)", email=m.email)) for m in former
    ]
    move.destination.choices = [(str(m.id), m.email) for m in staff]
    if former and not move.source.data:
        move.source.data = str(former[0].id)  # a book left behind is the one to hand over
    return move


@bp.route("/assignments/move", methods=["POST"])
@roles_required(Role.ADMIN)
def move_assignments():
    move = _move_form(managers(), former_managers())
    source = manager_or_none(move.source.data)
    destination = manager_or_none(move.destination.data, active=True)
    if not move.validate_on_submit() or source is None or destination is None:
        flash(_("Choose two different account managers to move a book."), "error")
        return redirect(url_for("growth.assignments"))
    if request.form.get("confirm") != "1":
        # a whole book moves on one click no more: say what will happen, then do it
        return render_template(
            "growth/move_confirm.html",
            move=move,
            source=source,
            destination=destination,
            count=book_size(source.id),
        )
    count = move_book(source, destination, current_user)
    db.session.commit()
    flash(
        ngettext(
            "Moved %(num)d merchant from %(source)s to %(destination)s.",
            "Moved %(num)d merchants from %(source)s to %(destination)s.",
            count,
            source=source.email,
            destination=destination.email,
        ),
        "success",
    )
    return redirect(url_for("growth.assignments"))
