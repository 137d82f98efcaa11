"""Which stores a platform run covers and with what budget: a monthly ad budget, set by the
merchant on their ads page or by a planner, planned a week at a time as every plan is."""

from decimal import ROUND_DOWN, Decimal

# stored in English in the run's summary, as the other reasons a placement is left out
EXCLUDED_BECAUSE = "excluded by the planner before this run"
WEEKS_A_YEAR = Decimal(52)


def weekly_from_monthly(monthly: Decimal) -> Decimal:
    """A month's budget as a week's: twelve months over 52 weeks, to the cent below."""
    return (Decimal(monthly) * 12 / WEEKS_A_YEAR).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
