"""Which stores a platform run covers and with what budget: a monthly ad budget, set by the
merchant on their ads page or by a planner, planned a week at a time as every plan is."""

from decimal import ROUND_DOWN, ROUND_UP, Decimal

from optimizer.checks import MIN_MONEY

# stored in English in the run's summary, as the other reasons a placement is left out
EXCLUDED_BECAUSE = "excluded by the planner before this run"
WEEKS_A_YEAR = Decimal(52)
# the optimizer refuses a budget under a cent: one such merchant failed the whole run
MIN_WEEKLY = Decimal(str(MIN_MONEY))
# the smallest monthly budget whose weekly share is a cent (0.05): the ad-budget form's floor
MIN_MONTHLY = (MIN_WEEKLY * WEEKS_A_YEAR / 12).quantize(Decimal("0.01"), rounding=ROUND_UP)
TOO_SMALL_BECAUSE = "its budget is less than ¥0.01 a week"


def weekly_from_monthly(monthly: Decimal) -> Decimal:
    """A month's budget as a week's: twelve months over 52 weeks, to the cent below."""
    return (Decimal(monthly) * 12 / WEEKS_A_YEAR).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def leave_out_too_small(request: dict, stores: dict) -> list[str]:
    """Takes out of the request every merchant whose weekly budget is under the optimizer's
    minimum (a monthly ad budget of 0.01-0.04 stored before the form refused it), naming each
    in ``stores.left_out`` with the reason, so one merchant can never fail a run. Returns
    the ids taken out."""
    small = [m["id"] for m in request["merchants"] if not m["budget"] >= MIN_MONEY]
    if small:
        gone = set(small)
        request["merchants"] = [m for m in request["merchants"] if m["id"] not in gone]
        for key in small:
            entry = stores.pop(key, None)
            # named as the run page's left-out rows name things: by what a planner can look up
            label = f"store #{entry.store_id}" if entry is not None else key
            stores.left_out[label] = TOO_SMALL_BECAUSE
    return small
