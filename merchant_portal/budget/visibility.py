"""A platform run's recommendations stay with the planners until the run is published: a
merchant neither sees a draft's plan nor counts it as their current recommendation."""

from sqlalchemy import or_, select

from .models import BudgetPlan, PlatformRun

PUBLISHED = "published"


def shown_to_merchants():
    """The clause a plan query adds to leave out the plans of unpublished runs."""
    return or_(
        BudgetPlan.platform_run_id.is_(None),
        BudgetPlan.platform_run_id.in_(
            select(PlatformRun.id).where(PlatformRun.state == PUBLISHED)
        ),
    )
