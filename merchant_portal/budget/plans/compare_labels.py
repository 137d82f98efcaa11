"""Two plans side by side, older first: each labelled (number, when, by whom, where it was
re-planned from) and every difference signed newer minus older, so a newer plan's higher
revenue reads as a gain."""

from dataclasses import dataclass
from datetime import datetime

from flask_login import current_user
from sqlalchemy import select

from ...access import Role
from ...auth.models import User
from ...extensions import db
from ...i18n import _
from ..models import BudgetPlan


@dataclass(frozen=True)
class Labelled:
    plan: BudgetPlan
    number: int
    when: datetime
    by: str
    replanned_from: int | None


def older_then_newer(first: BudgetPlan, second: BudgetPlan) -> tuple[BudgetPlan, BudgetPlan]:
    return tuple(sorted((first, second), key=lambda p: (p.created_at, p.id)))


def labelled(plans: tuple[BudgetPlan, ...]) -> list[Labelled]:
    """Who made each plan in one query; a merchant reads "you" or "business operations", as
    on the plan page, not a colleague's address."""
    emails = dict(
        db.session.execute(
            select(User.id, User.email).where(User.id.in_({p.created_by_id for p in plans}))
        ).all()
    )
    merchant = current_user.role == Role.MERCHANT

    def by(plan: BudgetPlan) -> str:
        if merchant:
            return _("you") if plan.kind == "self_service" else _("business operations")
        return emails.get(plan.created_by_id, "")

    return [Labelled(p, p.id, p.created_at, by(p), p.replanned_from_id) for p in plans]
