"""Marking a draft's stores to leave out of its re-run: the page's ticks, or every store a
name filter finds, across pages; the marks stay while the planner pages on. Each box ticked or
cleared is kept at once (htmx); the button keeps a page's ticks where scripts do not run."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ...access import roles_required
from ...audit import audit
from ...extensions import db
from ...forms import EmptyForm
from ...htmx import is_htmx
from ...i18n import _, ngettext
from ...numbers import int_arg
from ...transitions import write_lock_first
from .. import bp
from ..access import PLANNERS
from ..models import PlatformRun
from .marks import clear_marks, mark_matching, mark_page, marked_count
from .publish_views import ids_of

MAX_FILTER = 100
ACTIONS = ("page", "matching", "clear")


@bp.route("/platform/<int:run_id>/marks", methods=["POST"])
@roles_required(*PLANNERS)
def mark_platform_stores(run_id: int):
    run = db.session.get(PlatformRun, run_id) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    words = (request.form.get("q") or "").strip()[:MAX_FILTER]
    page = int_arg("page", 1, minimum=1, source=request.form)
    back = url_for("budget.platform_run", run_id=run.id, page=page, q=words or None)
    # the draft's row first, as publishing takes it: a publish in another tab either waits
    # for these marks (and counts them) or has moved the run on (and marking is refused)
    write_lock_first(PlatformRun)
    still_draft = db.session.scalar(
        select(PlatformRun.id)
        .where(PlatformRun.id == run.id, PlatformRun.state == "draft")
        .with_for_update()
    )
    if still_draft is None or not run.succeeded:
        flash(_("This run is no longer a draft: its stores cannot be marked."), "error")
        return redirect(back)
    action = request.form.get("action")
    if action not in ACTIONS:
        abort(400)
    if action == "matching" and not words:
        # an empty filter finds every store: "mark all matching" would leave them all out
        flash(_("Type a name to filter by first: an empty filter would mark every store."),
              "error")  # fmt: skip
        return redirect(back)
    if action == "matching":
        added = mark_matching(run.id, words, current_user.id)
        detail = {"marked": added, "filter": words}
        said = ngettext(
            "%(num)d more store marked to leave out.",
            "%(num)d more stores marked to leave out.",
            added,
        )
    elif action == "clear":
        removed = clear_marks(run.id)
        detail = {"cleared": removed}
        said = _("No store is marked to leave out any more.")
    else:
        added, removed = mark_page(
            run.id,
            ids_of(request.form.getlist("page_store")),
            ids_of(request.form.getlist("exclude_store")),
            current_user.id,
        )
        detail = {"marked": added, "unmarked": removed}
        said = _("Ticks on this page kept: %(added)s marked, %(removed)s unmarked.",
                 added=added, removed=removed)  # fmt: skip
    if any(n for key, n in detail.items() if key != "filter"):  # nothing changed: no event
        audit(
            actor_id=current_user.id,
            subject_kind="platform_run",
            subject_id=run.id,
            action="mark_platform_stores",
            detail=detail,
        )
    db.session.commit()
    if is_htmx():  # a box ticked: kept at once, so paging on loses no tick
        return render_template("budget/_marked_count.html", marked_count=marked_count(run.id))
    flash(said, "success")
    return redirect(back)
