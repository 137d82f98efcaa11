from flask import redirect, render_template, request, url_for

from ..access import ALL_STORE_ROLES, LISTING_ROLES, Role, StoreRole, roles_required
from ..timeutil import utcnow
from . import bp
from .checklist import Checklist, build_checklist, later_steps, what_comes_next
from .queries import onboarding_facts
from .review_time import median_decision_hours
from .team.queries import my_membership

# where a store role without onboarding work starts (the budget and growth pages)
START_PAGES = {StoreRole.ADS: "budget.my_plans", StoreRole.FINANCE: "growth.business"}


@bp.route("/onboarding")
@roles_required(Role.MERCHANT, store=ALL_STORE_ROLES)
def checklist():
    found = my_membership()
    if found is None:
        return redirect(url_for("team.no_store"))
    role, store = found
    if role not in LISTING_ROLES:  # onboarding is the owner's and operations' start page
        return redirect(url_for(START_PAGES[role]))
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
