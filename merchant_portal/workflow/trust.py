"""Trust tiers: an admin's rules under which a low-risk submission is approved on arrival,
with no reviewer, and what each rule did to each submission (approved, or kept in the queue
as a spot check). The records are generic; which submission a rule covers is the review
desk's to say: it registers a decider here (``decide_on_arrival``) that ``on_submitted``
asks, so the features that submit need not know the desk."""

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow

APPROVED, SPOT_CHECK = "approved", "spot_check"


class TrustRule(db.Model):
    """Listing changes that touch only price (within a band) and stock, by a merchant whose
    last ``clean_decisions`` decisions were all approvals, are approved on arrival, but for a
    sampled share still sent to a reviewer."""

    __tablename__ = "trust_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    # None: the rule covers no price change at all, only stock
    max_price_change_pct: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))
    allow_stock_change: Mapped[bool] = mapped_column(default=True)
    clean_decisions: Mapped[int] = mapped_column(default=5)
    sample_pct: Mapped[int] = mapped_column(default=10)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TrustOutcome(db.Model):
    """What a rule did to one submission: approved it, or sent it on as a spot check."""

    __tablename__ = "trust_outcomes"
    __table_args__ = (sa.Index("ix_trust_outcomes_subject", "subject_kind", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(sa.ForeignKey("trust_rules.id"), index=True)
    subject_kind: Mapped[str] = mapped_column(sa.String(20))
    subject_id: Mapped[int]
    outcome: Mapped[str] = mapped_column(sa.String(20))  # approved, spot_check
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# name -> decider(obj, actor) returning the rule's name when it approved obj, else None;
# keyed by name so an app made twice (tests) does not ask twice
_DECIDERS: dict[str, Callable] = {}


def decide_on_arrival(name: str, decider: Callable) -> None:
    _DECIDERS[name] = decider


def on_submitted(obj, actor) -> str | None:
    """Asked right after a submission: the name of the rule that approved it, or None
    (it waits for a reviewer). Stages its changes; the caller commits."""
    for decider in _DECIDERS.values():
        rule = decider(obj, actor)
        if rule:
            return rule
    return None
