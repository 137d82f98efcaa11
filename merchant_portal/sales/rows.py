"""One sales row read and checked in one place, for the API and the CSV import alike."""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from ..csv_files import RowProblem
from ..extensions import db
from ..numbers import parse_int, read_typed_date, read_typed_decimal, read_typed_int
from ..onboarding.products.models import Product
from ..timeutil import market_today
from ..workflow.reviewable import ReviewStatus

FIELDS = ("product_id", "day", "visitors", "orders", "units", "gmv", "refunds")
REQUIRED = ("product_id", "day", "visitors", "orders", "units", "gmv")
COUNT_MAX = 1_000_000_000
MONEY_MAX = Decimal("1000000000")
OLDEST_DAY = date(2000, 1, 1)
_COUNT_MAX_TEXT, _MONEY_MAX_TEXT = f"{COUNT_MAX:,}", f"{MONEY_MAX:,}"


@dataclass(frozen=True)
class SaleRow:
    product_id: int
    store_id: int
    day: date
    visitors: int
    orders: int
    units: int
    gmv: Decimal
    refunds: Decimal


def _count(value, field: str) -> tuple[int | None, str | None]:
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        value = int(value)  # JSON's 12.0
    # a count as people type it (1,200 or 1.2万 from a spreadsheet), never "²" or other
    # scripts; an id as ids are written, ASCII digits only
    reader = parse_int if field == "product_id" else read_typed_int
    count = reader(value, -(10**1000), 10**1000)
    if count is None:
        return None, _("%(field)s must be a whole number", field=field)
    if not 0 <= count <= COUNT_MAX:
        return None, _("%(field)s must be between 0 and %(max)s", field=field, max=_COUNT_MAX_TEXT)
    return count, None


def _money(value, field: str) -> tuple[Decimal | None, str | None]:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value) if math.isfinite(value) else "not finite"
    amount = read_typed_decimal(value)  # ¥1,299.00 as exported; no NaN, exponent or "1_0"
    if amount is None:
        return None, _("%(field)s must be an amount such as 129.90", field=field)
    if not Decimal(0) <= amount <= MONEY_MAX:
        return None, _("%(field)s must be between 0 and %(max)s", field=field, max=_MONEY_MAX_TEXT)
    if amount != amount.quantize(Decimal("0.01")):
        return None, _("%(field)s has more than two decimals", field=field)
    return amount.quantize(Decimal("0.01")), None


def _day(value) -> tuple[date | None, str | None]:
    # 2026-11-01, 2026/11/01 or 2026年11月1日; never 20261120 or 2026-W47-1
    day = read_typed_date(value) if isinstance(value, str) else None
    if day is None:
        return None, _("day must be a date written YYYY-MM-DD")
    today = market_today()
    if day > today + timedelta(days=1):  # a day ahead: the marketplace may close in UTC+8
        return None, _("day is in the future")
    if day < OLDEST_DAY:
        return None, _("day must be from %(day)s on", day=OLDEST_DAY.isoformat())
    return day, None


def parse_rows(records: list[tuple[int, dict]]) -> tuple[list[SaleRow], list[RowProblem]]:
    """Every record checked, products looked up in one query; rows only if nothing is wrong.

    ``records`` are (row label, {field: value}); the label is the CSV's line number or the
    API batch's index, so each problem names the row the sender will look for."""
    problems: list[RowProblem] = []
    parsed: list[tuple[int, dict]] = []
    for number, record in records:
        if not isinstance(record, dict):
            problems.append(RowProblem(number, "row", _("each row must be an object")))
            continue
        values, row_problems = {}, []
        for field in FIELDS:
            raw = record.get(field)
            if raw in (None, "") and field not in REQUIRED:
                values[field] = Decimal(0)
                continue
            if raw in (None, ""):
                row_problems.append(
                    RowProblem(number, field, _("%(field)s is required", field=field))
                )
                continue
            if field == "day":
                value, message = _day(raw)
            elif field in ("gmv", "refunds"):
                value, message = _money(raw, field)
            else:
                value, message = _count(raw, field)
                if field == "product_id" and value == 0:
                    value, message = None, _("product_id must be a product's id")
            if message:
                row_problems.append(RowProblem(number, field, message))
            values[field] = value
        unknown = sorted(set(record) - set(FIELDS))
        row_problems += [RowProblem(number, name, _("unknown field")) for name in unknown]
        if not row_problems:
            if values["orders"] > values["visitors"]:
                row_problems.append(
                    RowProblem(number, "orders", _("orders cannot exceed visitors"))
                )
            if values["units"] < values["orders"]:
                row_problems.append(RowProblem(number, "units", _("units cannot be below orders")))
            if values["orders"] == 0 and values["gmv"] > 0:
                row_problems.append(RowProblem(number, "gmv", _("GMV without any order")))
            if values["refunds"] > values["gmv"]:
                row_problems.append(
                    RowProblem(number, "refunds", _("refunds cannot exceed the day's GMV"))
                )
        problems += row_problems
        if not row_problems:
            parsed.append((number, values))

    stores = _stores_of({values["product_id"] for _, values in parsed})
    seen: dict[tuple[int, date], int] = {}
    rows = []
    for number, values in parsed:
        key = (values["product_id"], values["day"])
        if values["product_id"] not in stores:
            problems.append(RowProblem(number, "product_id", _("no product with this id")))
        elif stores[values["product_id"]] is None:
            problems.append(
                RowProblem(number, "product_id", _("this product is not on sale: no sales yet"))
            )
        elif key in seen:
            problems.append(
                RowProblem(
                    number,
                    "day",
                    _("this product and day are already in row %(row)s", row=seen[key]),
                )
            )
        else:
            seen[key] = number
            rows.append(SaleRow(store_id=stores[values["product_id"]], **values))
    problems.sort(key=lambda problem: problem.row)
    return ([] if problems else rows), problems


def _stores_of(product_ids: set[int]) -> dict[int, int | None]:
    """{product id: its store}, None for a product that is not on sale: a draft or one
    under review has sold nothing, and figures sent for it were another product's."""
    if not product_ids:
        return {}
    found = db.session.execute(
        select(Product.id, Product.store_id, Product.status).where(Product.id.in_(product_ids))
    ).all()
    return {
        product_id: store_id if status == ReviewStatus.APPROVED else None
        for product_id, store_id, status in found
    }
