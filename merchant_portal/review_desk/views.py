from flask import abort, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext, pgettext
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ..access import Role, roles_required
from ..audit.labels import audit_words
from ..auth.models import User
from ..extensions import db
from ..forms import EmptyForm
from ..htmx import is_htmx
from ..numbers import id_arg
from ..onboarding.store.models import StoreDocument
from ..workflow.machine import AlreadyDecided, IllegalTransition
from ..workflow.reasons import REASONS, reason_labels
from ..workflow.reviewable import ReviewStatus
from . import bp
from .forms import DECISION_LABELS, BulkDecisionForm, DecisionForm, DocumentVerdictForm
from .kinds import KIND_LABELS, reasons_for, waiting_label
from .late import late_words
from .next_item import carried, current_filters, filter_args, neighbours, next_after_decision
from .previews import previewable
from .queue import (
    QueueFilters,
    queue_page,
    queue_query,
    queue_row,
    reviewers,
    waiting_by_kind,
)
from .services import (
    KEEP,
    AlreadyClaimed,
    BulkConflict,
    NotDecidable,
    assign,
    bulk_decide,
    decide_matching,
    record_decision,
    set_document_verdict,
)
from .subjects import details, get_submission_or_404, history
from .targets import deadline, target_words

# the rows and the decision page colour each submission by its time target
bp.add_app_template_global(deadline, "review_deadline")
bp.add_app_template_global(filter_args, "queue_filter_args")
bp.add_app_template_global(carried, "queue_carried")
bp.add_app_template_global(previewable, "document_shown")

STAFF = (Role.REVIEWER, Role.ADMIN)
STATUSES_BY_VALUE = {status.value: status for status in ReviewStatus}


def render_row(kind: str, obj, message: str | None = None, conflict: bool = False):
    """The queue's own row partial for one submission after an htmx action, everything the
    page showed still there, with the waiting counters swapped in out of band."""
    return render_template(
        "review/_row_update.html",
        row=queue_row(kind, obj.id),
        row_message=message,
        conflict=conflict,
        kind_labels=KIND_LABELS,
        waiting_label=waiting_label,
        statuses_by_value=STATUSES_BY_VALUE,
        form=EmptyForm(),
        counts=waiting_by_kind(),
    )


def render_queue(bulk=None, selected=(), status=200):
    """The queue as filtered by the query string; a refused bulk decision comes back here
    with the reviewer's ticks, filters, page and typed reason and note."""
    g.list_endpoint = "review.queue"  # the pager's links, also when answering the bulk POST
    filters = QueueFilters.from_args(request.args)
    page = queue_page(filters, current_user.id)
    bulk = bulk or BulkDecisionForm(formdata=None)
    if filters.kind:  # one kind listed: only its reasons (mixed kinds are checked per item)
        bulk.reasons.choices = [(code, REASONS[code]) for code in reasons_for([filters.kind])]
    return render_template(
        "review/queue.html",
        page=page,
        filters=filters,
        counts=waiting_by_kind(),
        kind_labels=KIND_LABELS,
        waiting_label=waiting_label,
        reviewers=reviewers() if current_user.role == Role.ADMIN else [],
        bulk=bulk,
        selected=set(selected),
        reasons=REASONS,
        form=EmptyForm(),
        statuses=list(ReviewStatus),
        statuses_by_value=STATUSES_BY_VALUE,
    ), status


@bp.route("/")
@roles_required(*STAFF)
def queue():
    return render_queue()


def render_detail(
    kind, obj, form=None, verdict_form=None, status=200, late=None, refused_document=None
):
    reviews, events = history(kind, obj.id)
    form = form or DecisionForm(seen=obj.status.value)
    # only the reasons that can be true of this kind are offered (ticked ones stay ticked)
    form.reasons.choices = [(code, REASONS[code]) for code in reasons_for([kind])]
    before, after = neighbours(current_filters(), current_user.id, kind, obj.id)
    action_label, state_label, _detail_label, _value = audit_words()
    return (
        render_template(
            "review/detail.html",
            kind=kind,
            obj=obj,
            kind_label=KIND_LABELS[kind],
            form=form,
            verdict_form=verdict_form or DocumentVerdictForm(),
            refused_document=refused_document,  # its block keeps the typing and says why
            reviews=reviews,
            events=events,
            reason_labels=reason_labels,
            reviewers=reviewers(),
            action_form=EmptyForm(),
            action_label=action_label,
            state_label=state_label,
            late=late,
            decision_labels=DECISION_LABELS,
            before=before,
            after=after,
            target_words=target_words(kind),
            **details(kind, obj),
        ),
        status,
    )


@bp.route("/<kind>/<int:subject_id>")
@roles_required(*STAFF)
def detail(kind: str, subject_id: int):
    return render_detail(kind, get_submission_or_404(kind, subject_id))


@bp.route("/<kind>/<int:subject_id>/decide", methods=["POST"])
@roles_required(*STAFF)
def decide(kind: str, subject_id: int):
    obj = get_submission_or_404(kind, subject_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return render_detail(kind, obj, form=form, status=400)
    seen = (
        ReviewStatus(form.seen.data)
        if form.seen.data in ReviewStatus._value2member_map_
        else obj.status
    )
    try:
        record_decision(
            kind, obj, form.decision.data, current_user, form.reasons.data, form.comment.data, seen
        )
        db.session.flush()
    except IntegrityError:
        # approving a listing change puts its SKUs' merchant codes on sale; the store's unique
        # index refuses one another listing took since the change was checked
        db.session.rollback()
        db.session.refresh(obj)
        problem = _(
            "Another listing of this store took one of this change's merchant codes since it "
            "was submitted: send it back so the merchant can choose another code."
        )
        if is_htmx():
            return render_row(kind, obj, problem, conflict=True), 409
        form.form_errors.append(problem)
        return render_detail(kind, obj, form=form, status=409)
    except NotDecidable as problem:
        db.session.rollback()
        if is_htmx():  # swapped like a 409: the row says why, the detail page is one click
            return render_row(kind, obj, str(problem), conflict=True), 409
        form.form_errors.append(str(problem))
        return render_detail(kind, obj, form=form, status=400)
    except (AlreadyDecided, IllegalTransition) as late:
        db.session.rollback()
        if getattr(late, "gone", False):  # nothing left to show: back to the queue, told why
            flash(str(late), "info")
            response = redirect(url_for("review.queue"))
            if is_htmx():
                response.headers["HX-Redirect"] = response.location
            return response
        db.session.refresh(obj)
        # the page shows the new state: no "reload"; what this reviewer typed stays on it
        message = late_words(kind, obj)
        if is_htmx():
            return render_row(kind, obj, message, conflict=True), 409
        return render_detail(kind, obj, form=form, status=409, late=message)
    db.session.commit()
    if is_htmx():
        return render_row(kind, obj, _("%(status)s.", status=obj.status.label))
    flash(
        _(
            "%(kind)s %(status)s; the merchant has been told.",
            kind=KIND_LABELS[kind],
            status=obj.status.label.lower(),
        ),
        "success",
    )
    # straight on to the next one of the same filter; the list when none is left
    following = next_after_decision(current_filters(), current_user.id, kind, obj.id)
    if following is None:
        flash(_("Nothing else waits in this list."), "info")
        return redirect(url_for("review.queue", **filter_args()))
    next_kind, next_id = following
    return redirect(url_for("review.detail", kind=next_kind, subject_id=next_id, **carried()))


@bp.route("/<kind>/<int:subject_id>/assign", methods=["POST"])
@roles_required(*STAFF)
def assign_to(kind: str, subject_id: int):
    obj = get_submission_or_404(kind, subject_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    wanted = id_arg("assignee", source=request.form)
    if current_user.role != Role.ADMIN and wanted not in (None, current_user.id):
        abort(403)  # reviewers claim for themselves; admins assign anyone
    assignee = current_user if wanted is None else db.session.get(User, wanted)
    if assignee is None or assignee.role not in STAFF:
        abort(400)
    try:
        assign(kind, obj, assignee, current_user, claim=current_user.role != Role.ADMIN)
    except AlreadyClaimed:
        abort(409)  # another reviewer holds it: the page says someone changed it first
    db.session.commit()
    if is_htmx():
        return render_row(kind, obj)
    flash(_("Assigned to %(email)s.", email=assignee.email), "success")
    return redirect(url_for("review.detail", kind=kind, subject_id=obj.id))


@bp.route("/bulk", methods=["POST"])
@roles_required(*STAFF)
def bulk():
    """Posted to /bulk?<the queue's query string>, so a refusal answers with the same queue:
    filters, page, ticks, decision, reasons and note as they were, every problem said."""
    form = BulkDecisionForm()
    if request.form.get("scope") == "filter":
        return bulk_by_filter(form)
    items = request.form.getlist("items")
    valid = form.validate_on_submit()
    if not items:
        form.form_errors.append(_("Tick the submissions to decide first."))
    if not valid or not items:
        return render_queue(bulk=form, selected=items, status=400)
    try:
        done = bulk_decide(
            items, form.decision.data, current_user, form.reasons.data, form.comment.data
        )
    except BulkConflict as conflict:
        db.session.rollback()
        form.form_errors.append(
            _("Nothing was recorded: %(problems)s", problems=_("; ").join(conflict.problems))
        )
        return render_queue(bulk=form, selected=items, status=409)
    try:
        db.session.commit()
    except IntegrityError:  # a merchant code taken meanwhile, as in decide()
        db.session.rollback()
        form.form_errors.append(
            _(
                "Nothing was recorded: another listing took a merchant code of one of these "
                "changes since it was submitted. Open them one by one to find it."
            )
        )
        return render_queue(bulk=form, selected=items, status=409)
    flash(
        ngettext(
            "%(num)d decision recorded; each merchant has been told.",
            "%(num)d decisions recorded; each merchant has been told.",
            done,
        ),
        "success",
    )
    return redirect(url_for("review.queue", **request.args))


def render_document(document, doc_form=None, saved=None):
    return make_response(
        render_template(
            "review/_document.html",
            d=document,
            doc_form=doc_form,
            saved=saved,
            verdict_form=DocumentVerdictForm(formdata=None),
        )
    )


MOST_BY_FILTER = 1000  # what one confirmation page carries and one transaction decides


def bulk_by_filter(form):
    """Every submission the queue's filter matches, across its pages: first the count to
    confirm (the items listed then are the ones decided), then the decisions in one
    transaction, each audited; those changed meanwhile are skipped and named."""
    if not form.validate_on_submit():
        return render_queue(bulk=form, status=400)
    filters = QueueFilters.from_args(request.args)
    if filters.status != ReviewStatus.SUBMITTED:
        form.form_errors.append(_("Only waiting submissions can be decided."))
        return render_queue(bulk=form, status=400)
    if request.form.get("confirm") != "1":
        keys = [
            f"{row.kind}:{row.id}"
            for row in db.session.execute(
                queue_query(filters, current_user.id).limit(MOST_BY_FILTER + 1)
            )
        ]
        if len(keys) > MOST_BY_FILTER:
            form.form_errors.append(
                _("Narrow the filter: at most %(most)s can be decided at once.", most="1,000")
            )
            return render_queue(bulk=form, status=400)
        if not keys:
            form.form_errors.append(_("Nothing matches this filter."))
            return render_queue(bulk=form, status=400)
        return render_template(
            "review/bulk_confirm.html",
            form=form,
            keys=keys,
            decision_label=DECISION_LABELS[form.decision.data],
            reason_labels=reason_labels(form.reasons.data or []),
        )
    done, skipped = decide_matching(
        request.form.getlist("items")[:MOST_BY_FILTER],
        form.decision.data,
        current_user,
        form.reasons.data,
        form.comment.data,
    )
    db.session.commit()
    flash(
        ngettext(
            "%(num)d decision recorded; each merchant has been told.",
            "%(num)d decisions recorded; each merchant has been told.",
            done,
        ),
        "success",
    )
    if skipped:
        flash(
            ngettext(
                "%(num)d skipped, changed meanwhile: %(problems)s",
                "%(num)d skipped, changed meanwhile: %(problems)s",
                len(skipped),
                problems=_("; ").join(skipped),
            ),
            "info",
        )
    return redirect(url_for("review.queue", **request.args))


@bp.route("/documents/<int:document_id>", methods=["POST"])
@roles_required(*STAFF)
def document_verdict(document_id: int):
    document = db.session.get(StoreDocument, document_id) or abort(404)
    store = get_submission_or_404("store", document.store_id)
    form = DocumentVerdictForm()
    if not form.validate_on_submit():
        if is_htmx():  # this document's block, the choice and the note kept, said why
            response = render_document(document, doc_form=form)
            response.headers["X-Refused-Fragment"] = "1"  # portal.js swaps it in
            return response, 400
        return render_detail(
            "store", store, verdict_form=form, status=400, refused_document=document.id
        )
    expiry = form.expires_on.data if "expires_on" in request.form else KEEP
    set_document_verdict(document, form.verdict.data, form.note.data, current_user, expiry)
    db.session.commit()
    verdict = (
        pgettext("document verdict", "accepted")
        if form.verdict.data == "accepted"
        else pgettext("document verdict", "rejected")
    )
    said = _("%(document)s %(verdict)s.", document=document.original_name, verdict=verdict)
    if is_htmx():  # judged without leaving the page: the next document is where it was
        return render_document(document, saved=said)
    flash(said, "success")
    return redirect(url_for("review.detail", kind="store", subject_id=store.id))


@bp.route("/dashboard")
@roles_required(*STAFF)
def dashboard():
    from .dashboard import dashboard as figures

    return render_template("review/dashboard.html", kind_labels=KIND_LABELS, **figures())
