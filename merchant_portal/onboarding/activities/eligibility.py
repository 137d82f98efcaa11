"""An activity's rules, each checked for one product at a promo price and stock."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ...reviewing.reviewable import ReviewStatus
from ..products.models import Product
from ..store.models import Store
from .models import Activity


@dataclass(frozen=True)
class RuleCheck:
    rule: str
    met: bool
    detail: str
    field: str | None = None  # the form field to show it next to, when one is to blame


def percent(value) -> str:
    """15 rather than 15.00: Decimal keeps its trailing zeros under :g."""
    return f"{float(value):g}"


def discount_pct(regular: Decimal, promo: Decimal) -> Decimal:
    return (regular - promo) / regular * 100


def describe_rules(activity: Activity) -> list[str]:
    rules = [
        f"Registration open from {activity.registration_opens_at:%d %b %Y} to "
        f"{activity.registration_closes_at:%d %b %Y}",
        "Your store is approved and the product is live",
        "Categories: " + (", ".join(activity.categories) if activity.categories else "all"),
        f"Promo price at least {percent(activity.min_discount_pct)}% below the regular price",
        f"Promo stock of at least {activity.min_promo_stock}, and no more than the product's stock",
    ]
    if activity.max_products_per_store:
        rules.append(f"At most {activity.max_products_per_store} product(s) per store")
    return rules


def check_eligibility(
    activity: Activity,
    store: Store,
    product: Product,
    promo_price: Decimal | None,
    promo_stock: int | None,
    registered_in_activity: int,
    now: datetime,
) -> list[RuleCheck]:
    checks = [
        RuleCheck(
            "Registration window",
            activity.registration_open(now),
            "open"
            if activity.registration_open(now)
            else f"registration runs {activity.registration_opens_at:%d %b} to "
            f"{activity.registration_closes_at:%d %b}",
        ),
        RuleCheck(
            "Store approved",
            store.status == ReviewStatus.APPROVED,
            "approved"
            if store.status == ReviewStatus.APPROVED
            else "your store is not approved yet",
        ),
        RuleCheck(
            "Product live",
            product.is_live,
            "on sale" if product.is_live else "only live products can be registered",
            "product",
        ),
        RuleCheck(
            "Category",
            not activity.categories or product.category in activity.categories,
            f"{product.category or 'no category'}"
            + (
                ""
                if not activity.categories or product.category in activity.categories
                else f" is not among {', '.join(activity.categories)}"
            ),
            "product",
        ),
    ]
    cap = activity.max_products_per_store
    checks.append(
        RuleCheck(
            "Products per store",
            cap is None or registered_in_activity < cap,
            f"{registered_in_activity} of {cap} used" if cap else "no limit",
        )
    )
    regular = product.price
    if promo_price is not None and regular:
        discount = discount_pct(regular, promo_price)
        needed = activity.min_discount_pct
        if promo_price >= regular:
            checks.append(
                RuleCheck(
                    "Minimum discount",
                    False,
                    f"the promo price must be below the regular price of {regular:.2f}",
                    "promo_price",
                )
            )
        else:
            highest = regular * (100 - needed) / 100
            checks.append(
                RuleCheck(
                    "Minimum discount",
                    discount >= needed,
                    f"{discount:.1f}% off {regular:.2f}"
                    + (
                        ""
                        if discount >= needed
                        else f"; needs {percent(needed)}%: a promo price of {highest:.2f} or less"
                    ),
                    "promo_price",
                )
            )
    if promo_stock is not None:
        stock = product.stock or 0
        enough = promo_stock >= activity.min_promo_stock
        within = promo_stock <= stock
        detail = f"{promo_stock} units"
        if not enough:
            detail += f"; at least {activity.min_promo_stock} are needed"
        if not within:
            detail += f"; you have only {stock} in stock"
        checks.append(RuleCheck("Promo stock", enough and within, detail, "promo_stock"))
    return checks
