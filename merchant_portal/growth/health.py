"""A store's health: 0 to 1000, from what the portal knows of it, by one pure function.

Every problem takes points off 1000 and says what fixes it, so the merchant sees both what to
do and what it is worth; account managers sort their book by the same score, and a store
below ``RECALL_BELOW`` joins the recall worklist with its worst problem as the reason.
``health_facts.py`` gathers the facts for any number of stores in a constant number of
statements."""

from dataclasses import dataclass
from decimal import Decimal

from ..i18n import _l, lazy_ngettext

FULL = 1000
RECALL_BELOW = 600
REFUND_RATE_OK = 0.05  # refunds up to 5% of GMV cost nothing
STALE_DAYS = 7  # a send-back answered within a week costs only the send-back itself
FALL_OK_PCT = 20.0  # GMV may dip this much against the weeks before at no cost


@dataclass(frozen=True)
class HealthFacts:
    sent_back: int = 0  # listings, changes, registrations waiting on the merchant now
    refused_recently: int = 0  # listings rejected in the last 90 days
    documents_rejected: int = 0  # qualification documents judged not acceptable
    oldest_send_back_days: int | None = None  # how long the oldest send-back is unanswered
    gmv_recent: Decimal = Decimal(0)  # the last 4 complete weeks
    gmv_before: Decimal = Decimal(0)  # the 4 weeks before those
    refunds_recent: Decimal = Decimal(0)


@dataclass(frozen=True)
class Problem:
    code: str
    what: str  # lazy: the page's language
    fix: str
    points: int  # what fixing it gives back
    endpoint: str  # where the merchant fixes it


@dataclass(frozen=True)
class Health:
    score: int
    problems: tuple[Problem, ...]  # the costliest first

    @property
    def needs_recall(self) -> bool:
        return self.score < RECALL_BELOW

    @property
    def band(self) -> str:
        return self.band_at(RECALL_BELOW)

    def band_at(self, line: int) -> str:
        """The colour the score shows in against the health line in force (admins set it):
        "poor" exactly when the store is recalled."""
        if self.score >= max(800, line):
            return "good"
        return "fair" if self.score >= line else "poor"


def health(facts: HealthFacts) -> Health:
    problems = []
    if facts.sent_back:
        problems.append(
            Problem(
                "sent_back",
                lazy_ngettext(
                    "%(num)d submission sent back to you",
                    "%(num)d submissions sent back to you",
                    facts.sent_back,
                ),
                _l("Fix what the reviewer asked and submit again."),
                min(30 * facts.sent_back, 150),
                "products.index",
            )
        )
    if facts.oldest_send_back_days is not None and facts.oldest_send_back_days > STALE_DAYS:
        late = facts.oldest_send_back_days - STALE_DAYS
        problems.append(
            Problem(
                "send_back_unanswered",
                lazy_ngettext(
                    "a send-back unanswered for %(num)d day",
                    "a send-back unanswered for %(num)d days",
                    facts.oldest_send_back_days,
                ),
                _l("Answer send-backs within a week."),
                min(50 + 5 * late, 150),
                "onboarding.checklist",
            )
        )
    if facts.refused_recently:
        problems.append(
            Problem(
                "refused",
                lazy_ngettext(
                    "%(num)d listing refused in the last 90 days",
                    "%(num)d listings refused in the last 90 days",
                    facts.refused_recently,
                ),
                _l(
                    "Read the reasons before listing similar products; the points come back as "
                    "refusals age past 90 days."
                ),
                min(40 * facts.refused_recently, 200),
                "products.index",
            )
        )
    if facts.documents_rejected:
        problems.append(
            Problem(
                "documents",
                lazy_ngettext(
                    "%(num)d document not accepted",
                    "%(num)d documents not accepted",
                    facts.documents_rejected,
                ),
                _l("Upload a valid replacement."),
                min(100 * facts.documents_rejected, 200),
                "store.profile",
            )
        )
    if facts.gmv_recent > 0:
        rate = float(facts.refunds_recent / facts.gmv_recent)
        if rate > REFUND_RATE_OK:
            problems.append(
                Problem(
                    "refunds",
                    _l("refunds are %(pct).0f%% of GMV over 4 weeks", pct=rate * 100),
                    _l("Check the most refunded products: descriptions, photos, sizes."),
                    min(round((rate - REFUND_RATE_OK) * 100 * 30), 300),
                    "growth.business",
                )
            )
    if facts.gmv_before > 0:
        fall = float((facts.gmv_before - facts.gmv_recent) / facts.gmv_before * 100)
        if fall > FALL_OK_PCT:
            problems.append(
                Problem(
                    "gmv_falling",
                    _l("GMV down %(pct).0f%% against the 4 weeks before", pct=fall),
                    _l("Restock best sellers or join a promotion."),
                    min(round((fall - FALL_OK_PCT) * 4), 200),
                    "activities.index",
                )
            )
    problems.sort(key=lambda p: -p.points)
    return Health(max(FULL - sum(p.points for p in problems), 0), tuple(problems))
