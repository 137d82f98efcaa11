"""A plan's period: the weeks it is for, and its budget per week or in all.

The optimizer plans one week (placements sell per week, results come by week), so a budget
for the whole period is spread evenly over its weeks; the page says both figures."""

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from ...timeutil import market_today

DEFAULT_WEEKS = 4
MAX_WEEKS = 52
# how far from today a plan's first week may be: a few weeks back (a plan for the running
# month) to about a year ahead; beyond, a typo (9999, 1900) that no result will ever meet
WEEKS_BACK = 8
WEEKS_AHEAD = 53


def next_monday(today: date | None = None) -> date:
    today = today or market_today()
    return today + timedelta(days=7 - today.weekday())


def earliest_start(today: date | None = None) -> date:
    return monday_of(today or market_today()) - timedelta(weeks=WEEKS_BACK)


def latest_start(today: date | None = None) -> date:
    return monday_of(today or market_today()) + timedelta(weeks=WEEKS_AHEAD)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_budget(budget: Decimal, basis: str, weeks: int) -> Decimal:
    """What one week gets: a total is spread evenly, to the cent below."""
    if basis == "total":
        return (budget / weeks).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return budget


def period_budget(budget: Decimal, basis: str, weeks: int) -> Decimal:
    return budget if basis == "total" else budget * weeks


def set_period(plan, start: date, weeks: int, basis: str, typed: Decimal) -> None:
    """The plan's period and budgets from what was typed; ``plan.budget`` is per week."""
    plan.period_start = monday_of(start)
    plan.weeks = weeks
    plan.budget_basis = basis
    plan.period_budget = period_budget(typed, basis, weeks)
    plan.budget = weekly_budget(typed, basis, weeks)


def next_period(plan) -> tuple[date, int]:
    """Where a re-plan of ``plan`` starts: the week after its period (or next Monday for a
    plan made before plans had a period, or whose period is already over); a re-plan not
    begun yet is re-planned for its own weeks."""
    soonest = next_monday()
    if plan.period_start is None or not plan.weeks:
        return soonest, DEFAULT_WEEKS
    this_monday = monday_of(market_today())
    if plan.replanned_from_id is not None and this_monday < plan.period_start <= latest_start():
        # a re-plan whose weeks have not begun is revised for those weeks: pressed again (on
        # the cautious estimates, say) it moved a period further each time, no result between
        return plan.period_start, plan.weeks
    try:
        after = plan.period_start + timedelta(weeks=plan.weeks)
    except OverflowError:  # a plan stored before the form bounded its first week
        return soonest, plan.weeks
    if after > latest_start():
        return soonest, plan.weeks
    return max(after, this_monday), plan.weeks
