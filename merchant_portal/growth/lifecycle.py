"""A merchant's lifecycle stage: derived from its sales and activity by one function, never stored.

Pure Python (no database): ``history.py`` gathers a ``MerchantHistory`` per store in a constant
number of queries; ``lifecycle()`` decides. The thresholds are settings (``LifecycleSettings``,
read from the app config), so operations can tune them without a code change.
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from ..i18n import _l, lazy_ngettext, pgettext
from ..sales.models import week_of


class Stage(StrEnum):
    ONBOARDING = "onboarding"
    ACTIVATED = "activated"
    GROWING = "growing"
    STEADY = "steady"
    AT_RISK = "at_risk"
    DORMANT = "dormant"
    RECOVERED = "recovered"

    @property
    def label(self) -> str:
        return stage_label(self)

    @property
    def needs_recall(self) -> bool:
        return self in (Stage.AT_RISK, Stage.DORMANT)


STAGE_ORDER = list(Stage)


# each said only when asked for: a page names a stage dozens of times (the dashboard some
# 80), and saying all seven to pick one was a third of its words
_STAGE_LABELS = {
    Stage.ONBOARDING: lambda: pgettext("lifecycle stage", "Onboarding"),
    Stage.ACTIVATED: lambda: pgettext("lifecycle stage", "Activated"),
    Stage.GROWING: lambda: pgettext("lifecycle stage", "Growing"),
    Stage.STEADY: lambda: pgettext("lifecycle stage", "Steady"),
    Stage.AT_RISK: lambda: pgettext("lifecycle stage", "At risk"),
    Stage.DORMANT: lambda: pgettext("lifecycle stage", "Dormant"),
    Stage.RECOVERED: lambda: pgettext("lifecycle stage", "Recovered"),
}


def stage_label(stage: Stage) -> str:
    """The stage's name in the page's language ("Onboarding" the stage, not the checklist)."""
    return _STAGE_LABELS[stage]()


@dataclass(frozen=True)
class LifecycleSettings:
    window_weeks: int = 4  # recent weeks compared with the same number before them
    growing_pct: float = 10.0  # recent GMV this much above the weeks before: growing
    falling_pct: float = 20.0  # this much below: at risk
    dormant_days: int = 30  # no sale (or, before a first sale, no activity) for this long
    activated_days: int = 28  # a first sale this recent: activated
    low_stock: int = 5  # a live product with this many units or fewer is running out
    quality_floor: int = 60  # a live listing scoring below this has dropped in quality
    sent_back_days: int = 7  # an item sent back this long ago and not touched since

    @classmethod
    def from_config(cls, config) -> "LifecycleSettings":
        return cls(
            **{
                name: type(getattr(cls, name))(config[f"LIFECYCLE_{name.upper()}"])
                for name in cls.__dataclass_fields__
                if f"LIFECYCLE_{name.upper()}" in config
            }
        )


@dataclass(frozen=True)
class MerchantHistory:
    """What the stage is decided from, as of one day."""

    as_of: date
    live_products: int = 0
    weekly_gmv: dict[date, Decimal] = field(default_factory=dict)  # Monday -> GMV
    first_sale: date | None = None
    last_sale: date | None = None
    last_activity: date | None = None  # last log-in or listing edit
    low_stock_products: int = 0
    low_quality_listings: int = 0
    stale_sent_back: int = 0


@dataclass(frozen=True)
class Lifecycle:
    stage: Stage
    reasons: tuple[str, ...]  # lazy: said in the language of the page that shows them
    recent_gmv: Decimal = Decimal(0)
    previous_gmv: Decimal = Decimal(0)

    @property
    def change_pct(self) -> float | None:
        if not self.previous_gmv:
            return None
        return float((self.recent_gmv - self.previous_gmv) / self.previous_gmv * 100)


@lru_cache(maxsize=64)
def _window_weeks(as_of: date, weeks: int) -> tuple[tuple[date, ...], tuple[date, ...]]:
    this_week = week_of(as_of)
    recent = tuple(this_week - timedelta(weeks=n) for n in range(1, weeks + 1))
    previous = tuple(this_week - timedelta(weeks=n) for n in range(weeks + 1, 2 * weeks + 1))
    return recent, previous


@lru_cache(maxsize=16)
def _factors(settings: "LifecycleSettings") -> tuple[Decimal, Decimal]:
    """(falling below, growing above) as multipliers of the earlier window's GMV."""
    return (
        Decimal(str(1 - settings.falling_pct / 100)),
        Decimal(str(1 + settings.growing_pct / 100)),
    )


def gmv_windows(history: MerchantHistory, weeks: int) -> tuple[Decimal, Decimal]:
    """GMV of the last ``weeks`` complete weeks before ``as_of``, and of the weeks before those."""
    recent, previous = _window_weeks(history.as_of, weeks)
    total = history.weekly_gmv.get
    zero = Decimal(0)
    return sum((total(w, zero) for w in recent), zero), sum(
        (total(w, zero) for w in previous), zero
    )


def lifecycle(
    history: MerchantHistory, settings: LifecycleSettings, look_back: bool = True
) -> Lifecycle:
    """The merchant's stage and the reasons for it, in the order operations act on them."""
    recent, previous = gmv_windows(history, settings.window_weeks)

    def stage(name: Stage, *reasons: str) -> Lifecycle:
        return Lifecycle(name, reasons, recent, previous)

    as_of = history.as_of
    if history.first_sale is None or history.first_sale > as_of:
        if not history.live_products:
            return stage(Stage.ONBOARDING, _l("nothing live yet"))
        idle = (as_of - history.last_activity).days if history.last_activity else None
        if idle is not None and idle > settings.dormant_days:
            return stage(
                Stage.DORMANT,
                lazy_ngettext(
                    "no sale yet and no activity for %(num)d day",
                    "no sale yet and no activity for %(num)d days",
                    idle,
                ),
            )
        return stage(Stage.ONBOARDING, _l("live, waiting for a first sale"))

    quiet = (as_of - history.last_sale).days if history.last_sale else None
    if quiet is not None and quiet > settings.dormant_days:
        return stage(
            Stage.DORMANT,
            lazy_ngettext("no sale for %(num)d day", "no sale for %(num)d days", quiet),
        )

    risks = []
    weeks = settings.window_weeks
    falling, growing = _factors(settings)
    if previous and recent < previous * falling:
        drop = float((previous - recent) / previous * 100)
        risks.append(
            lazy_ngettext(
                "GMV down %(pct).0f%% over the last %(num)d week",
                "GMV down %(pct).0f%% over the last %(num)d weeks",
                weeks,
                pct=drop,
            )
        )
    if history.low_stock_products:
        risks.append(
            lazy_ngettext(
                "%(num)d live product with %(stock)d or fewer units left",
                "%(num)d live products with %(stock)d or fewer units left",
                history.low_stock_products,
                stock=settings.low_stock,
            )
        )
    if history.low_quality_listings:
        risks.append(
            lazy_ngettext(
                "%(num)d live listing below quality %(floor)d",
                "%(num)d live listings below quality %(floor)d",
                history.low_quality_listings,
                floor=settings.quality_floor,
            )
        )
    if history.stale_sent_back:
        risks.append(
            lazy_ngettext(
                "%(num)d item sent back over %(days)d days ago and not touched",
                "%(num)d items sent back over %(days)d days ago and not touched",
                history.stale_sent_back,
                days=settings.sent_back_days,
            )
        )
    if risks:
        return stage(Stage.AT_RISK, *risks)

    if (as_of - history.first_sale).days <= settings.activated_days:
        return stage(
            Stage.ACTIVATED, _l("first sale on %(date)s", date=history.first_sale.isoformat())
        )

    if look_back and _was_in_trouble(history, settings):
        return stage(Stage.RECOVERED, _l("GMV back after a fall or a quiet spell"))

    if previous and recent >= previous * growing:
        growth = float((recent - previous) / previous * 100)
        return stage(
            Stage.GROWING,
            lazy_ngettext(
                "GMV up %(pct).0f%% over the last %(num)d week",
                "GMV up %(pct).0f%% over the last %(num)d weeks",
                weeks,
                pct=growth,
            ),
        )
    if not previous and recent:
        return stage(Stage.GROWING, _l("selling again after a quiet month"))
    return stage(
        Stage.STEADY,
        _l("GMV within %(pct).0f%% of the weeks before", pct=settings.falling_pct),
    )


def _was_in_trouble(history: MerchantHistory, settings: LifecycleSettings) -> bool:
    """At risk on sales, or dormant, one window ago (judged on sales alone: the listing
    signals of back then are not kept)."""
    then = history.as_of - timedelta(weeks=settings.window_weeks)
    sold_weeks = [w for w, gmv in history.weekly_gmv.items() if gmv > 0 and w < week_of(then)]
    earlier = replace(
        history,
        as_of=then,
        last_sale=min(max(sold_weeks) + timedelta(days=6), then) if sold_weeks else None,
        low_stock_products=0,
        low_quality_listings=0,
        stale_sent_back=0,
    )
    return lifecycle(earlier, settings, look_back=False).stage.needs_recall
