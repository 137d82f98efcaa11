"""An activity's rules, each checked for one product at a promo price and stock."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal

from flask_babel import format_date, format_decimal, format_time, ngettext
from flask_babel import gettext as _

from ...i18n import money
from ...workflow.reviewable import ReviewStatus
from ..catalog import category_label
from ..catalog import within as in_categories
from ..products.models import Product
from ..products.sku_grid import shown_skus
from ..products.sku_rows import saved_skus
from ..store.models import Store
from ..store.qualifications import Lacking
from .models import Activity


@dataclass(frozen=True)
class RuleCheck:
    rule: str
    met: bool
    detail: str
    field: str | None = None  # the form field to show it next to, when one is to blame


def percent(value) -> str:
    """15 rather than 15.00, in the reader's digits."""
    return format_decimal(value, format="0.##")


def categories(names: list[str]) -> str:
    return _(", ").join(category_label(name) for name in names)


def discount_pct(regular: Decimal, promo: Decimal) -> Decimal:
    return (regular - promo) / regular * 100


CENT = Decimal("0.01")


def highest_promo_price(regular: Decimal, needed_pct: Decimal) -> Decimal:
    """The highest price in cents that still gives at least ``needed_pct`` off: rounded
    down, never to the nearest cent (15% off ¥39.90 is ¥33.915; ¥33.92 is 14.99% off and
    the rule refused the price it had itself suggested)."""
    exact = Decimal(regular) * (100 - Decimal(needed_pct)) / 100
    return exact.quantize(CENT, rounding=ROUND_FLOOR)


def moment(value: datetime) -> str:
    """To the minute: registration closing at 00:00 on the 15th is not open "to the 15th"."""
    return _(
        "%(date)s %(time)s", date=format_date(value, "medium"), time=format_time(value, "short")
    )


def window_shut(activity: Activity, now: datetime) -> str:
    """Nothing on the form can change it: say when it closed, or when it opens."""
    if now < activity.registration_opens_at:
        return _("registration opens %(start)s", start=moment(activity.registration_opens_at))
    return _("registration closed %(end)s", end=moment(activity.registration_closes_at))


def window_notice(activity: Activity, now: datetime) -> str | None:
    """In place of the registration form outside the window: it would only be refused."""
    if activity.registration_open(now):
        return None
    if now < activity.registration_opens_at:
        return _(
            "Registration opens %(start)s: come back then to register a product.",
            start=moment(activity.registration_opens_at),
        )
    return _(
        "Registration closed %(end)s: products can no longer be registered.",
        end=moment(activity.registration_closes_at),
    )


def describe_rules(activity: Activity) -> list[str]:
    rules = [
        _(
            "Registration open from %(start)s to %(end)s",
            start=moment(activity.registration_opens_at),
            end=moment(activity.registration_closes_at),
        ),
        _("Your store is approved and the product is live"),
        _("Categories: %(categories)s", categories=categories(activity.categories))
        if activity.categories
        else _("Categories: all"),
        _(
            "Promo price at least %(percent)s%% below the regular price",
            percent=percent(activity.min_discount_pct),
        ),
        _(
            "Promo stock of at least %(stock)s, and no more than the product's stock",
            stock=format_decimal(activity.min_promo_stock),
        ),
    ]
    if activity.max_products_per_store:
        rules.append(
            ngettext(
                "At most %(num)d product per store",
                "At most %(num)d products per store",
                activity.max_products_per_store,
            )
        )
    return rules


def check_eligibility(
    activity: Activity,
    store: Store,
    product: Product,
    promo_price: Decimal | None,
    promo_stock: int | None,
    registered_in_activity: int,
    now: datetime,
    lacking: Sequence[Lacking] = (),
) -> list[RuleCheck]:
    """``lacking``: the documents the product's category needs that the store lacks (a
    lapsed food licence): such a listing is not offered for promotions until renewed."""
    in_category = not activity.categories or in_categories(product.category, activity.categories)
    checks = [
        RuleCheck(
            _("Registration window"),
            activity.registration_open(now),
            _("open") if activity.registration_open(now) else window_shut(activity, now),
        ),
        RuleCheck(
            _("Store approved"),
            store.status == ReviewStatus.APPROVED,
            _("approved")
            if store.status == ReviewStatus.APPROVED
            else _("your store is not approved yet"),
        ),
        RuleCheck(
            _("Product live"),
            product.is_live,
            _("on sale") if product.is_live else _("only live products can be registered"),
            "product",
        ),
        RuleCheck(
            _("Category"),
            in_category,
            (category_label(product.category) if product.category else _("no category"))
            if in_category
            else _(
                "%(category)s is not among %(categories)s",
                category=category_label(product.category) if product.category else _("no category"),
                categories=categories(activity.categories),
            ),
            "product",
        ),
    ]
    if lacking:
        checks.append(
            RuleCheck(
                _("Qualification documents"),
                False,
                _(
                    "%(problems)s: upload the renewed document on your store page",
                    problems=_("; ").join(x.said() for x in lacking),
                ),
                "product",
            )
        )
    cap = activity.max_products_per_store
    checks.append(
        RuleCheck(
            _("Products per store"),
            cap is None or registered_in_activity < cap,
            _("%(used)s of %(cap)s used", used=registered_in_activity, cap=cap)
            if cap
            else _("no limit"),
        )
    )
    # the promo price is every SKU's: it must give the discount off the cheapest one
    skus = shown_skus(saved_skus(product), product.category)
    cheapest = min(skus, key=lambda sku: sku.price) if skus else None
    regular = cheapest.price if cheapest else product.price
    which = (
        _("%(sku)s at %(price)s", sku=cheapest.label, price=money(regular))
        if cheapest and len({sku.price for sku in skus}) > 1
        else money(regular)
    )
    if promo_price is not None and regular:
        discount = discount_pct(regular, promo_price)
        needed = activity.min_discount_pct
        if promo_price >= regular:
            checks.append(
                RuleCheck(
                    _("Minimum discount"),
                    False,
                    _(
                        "the promo price must be below the regular price of %(price)s",
                        price=which,
                    ),
                    "promo_price",
                )
            )
        else:
            highest = highest_promo_price(regular, needed)
            checks.append(
                RuleCheck(
                    _("Minimum discount"),
                    discount >= needed,
                    _(
                        "%(percent)s%% off %(price)s",
                        # rounded down as well: 14.99% must not read "15.0%" beside "needs 15%"
                        percent=format_decimal(
                            discount.quantize(Decimal("0.1"), rounding=ROUND_FLOOR), format="0.0"
                        ),
                        price=which,
                    )
                    + (
                        ""
                        if discount >= needed
                        else _(
                            "; needs %(percent)s%%: a promo price of %(price)s or less",
                            percent=percent(needed),
                            price=money(highest),
                        )
                    ),
                    "promo_price",
                )
            )
    if promo_stock is not None:
        stock = sum(sku.stock for sku in skus) if skus else (product.stock or 0)
        enough = promo_stock >= activity.min_promo_stock
        within = promo_stock <= stock
        detail = ngettext("%(num)d unit", "%(num)d units", promo_stock)
        if not enough:
            detail += _("; at least %(stock)s are needed", stock=activity.min_promo_stock)
        if not within:
            detail += _("; you have only %(stock)s in stock", stock=stock)
        checks.append(RuleCheck(_("Promo stock"), enough and within, detail, "promo_stock"))
    return checks
