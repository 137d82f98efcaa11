from flask import render_template, request

from ..access import Role, roles_required
from ..timeutil import utcnow
from . import bp
from .checklist import Checklist, build_checklist, later_steps, what_comes_next
from .queries import current_store, onboarding_facts
from .review_time import median_decision_hours


@bp.route("/onboarding")
@roles_required(Role.MERCHANT)
def checklist():
    store = current_store()
    checklist = build_checklist(store, onboarding_facts(store))
    checklist = Checklist([*checklist.steps, *later_steps(store)])  # past onboarding: growth
    # the partial refreshes itself (htmx), so reviews that land show without a reload
    template = (
        "onboarding/_checklist.html"
        if request.headers.get("HX-Request")
        else "onboarding/checklist.html"
    )
    now = utcnow()
    upcoming = (
        None
        if checklist.next_step
        else what_comes_next(checklist, lambda kind: median_decision_hours(kind, now))
    )
    return render_template(template, store=store, checklist=checklist, upcoming=upcoming)
