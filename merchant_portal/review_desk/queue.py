"""The review queue: every kind of submission in one list, oldest first.

One UNION ALL over the four reviewable kinds, filtered and paginated in the database, so a
page costs the same few statements with ten items waiting or a hundred thousand.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import sqlalchemy as sa
from sqlalchemy import Select, bindparam, func, literal, select, union_all

from ..auth.models import User
from ..extensions import db
from ..numbers import int_arg, parse_int
from ..onboarding.activities.models import Activity, ActivityRegistration
from ..onboarding.products.models import Product, ProductChange
from ..onboarding.store.models import Store, StoreDocument
from ..pagination import RowPage, paginate_prepared
from ..timeutil import utcnow
from ..workflow.reviewable import ReviewStatus
from ..workflow.trust import SPOT_CHECK, TrustOutcome, TrustRule
from .kinds import KIND_LABELS


@dataclass(frozen=True)
class QueueFilters:
    kind: str | None = None
    status: ReviewStatus = ReviewStatus.SUBMITTED
    older_than_days: int | None = None
    assignee: str | None = None  # "me", "none", or a user id as text
    spot: bool = False  # only what a trust rule sent on as a spot check

    @classmethod
    def from_args(cls, args) -> "QueueFilters":
        kind = args.get("kind") if args.get("kind") in KIND_LABELS else None
        status = args.get("status", ReviewStatus.SUBMITTED.value)
        status = (
            ReviewStatus(status)
            if status in ReviewStatus._value2member_map_
            else ReviewStatus.SUBMITTED
        )
        days = int_arg("older_than_days", None, maximum=36_500, source=args)  # a century
        assignee = args.get("assignee") or None
        spot = args.get("spot") == "1"
        return cls(kind, status, days if days and days > 0 else None, assignee, spot)


NO_RULE = sa.cast(sa.null(), sa.String)
NO_TITLE_ZH = sa.cast(sa.null(), sa.String)  # only a registration's title has a Chinese one


# Built once (it has no parameters): the queue page asked for it twice a view, and building
# the union cost more than running it on the demo's queue.
@cache
def _all_kinds():
    stores = select(
        literal("store").label("kind"),
        Store.id.label("id"),
        Store.name.label("title"),
        Store.name.label("store_name"),
        Store.submitted_at.label("submitted_at"),
        Store.assignee_id.label("assignee_id"),
        Store.status.label("status"),
        # documents not yet judged: a store is approved from the queue only once it is 0
        select(func.count(StoreDocument.id))
        .where(StoreDocument.store_id == Store.id, StoreDocument.verdict.is_(None))
        .correlate(Store)
        .scalar_subquery()
        .label("unjudged"),
        NO_RULE.label("spot_rule"),
        NO_TITLE_ZH.label("title_zh"),
    )
    products = select(
        literal("product"),
        Product.id,
        Product.title,
        Store.name,
        Product.submitted_at,
        Product.assignee_id,
        Product.status,
        literal(0),
        NO_RULE,
        NO_TITLE_ZH,
    ).join(Store, Product.store_id == Store.id)
    changes = (
        select(
            literal("product_change"),
            ProductChange.id,
            Product.title,
            Store.name,
            ProductChange.submitted_at,
            ProductChange.assignee_id,
            ProductChange.status,
            literal(0),
            # the trust rule that sent it on as a spot check, if one did
            select(TrustRule.name)
            .join(TrustOutcome, TrustOutcome.rule_id == TrustRule.id)
            .where(
                TrustOutcome.subject_kind == "product_change",
                TrustOutcome.subject_id == ProductChange.id,
                TrustOutcome.outcome == SPOT_CHECK,
            )
            .order_by(TrustOutcome.id.desc())
            .limit(1)
            .correlate(ProductChange)
            .scalar_subquery(),
            NO_TITLE_ZH,
        )
        .join(Product, ProductChange.product_id == Product.id)
        .join(Store, Product.store_id == Store.id)
    )
    registrations = (
        select(
            literal("registration"),
            ActivityRegistration.id,
            Product.title + literal(" → ") + Activity.name,
            Store.name,
            ActivityRegistration.submitted_at,
            ActivityRegistration.assignee_id,
            ActivityRegistration.status,
            literal(0),
            NO_RULE,
            # the promotion's Chinese name, for a reader of Chinese (its English one was shown)
            Product.title + literal(" → ") + func.coalesce(Activity.name_zh, Activity.name),
        )
        .join(Product, ActivityRegistration.product_id == Product.id)
        .join(Activity, ActivityRegistration.activity_id == Activity.id)
        .join(Store, ActivityRegistration.store_id == Store.id)
    )
    return union_all(stores, products, changes, registrations).subquery("queue")


def _filter_values(filters: QueueFilters, current_user_id: int) -> tuple[tuple, dict]:
    """The filters as the shape of the statement (which conditions it has) and the values
    its parameters take."""
    values: dict = {"status": filters.status.value}
    if filters.kind:
        values["kind"] = filters.kind
    if filters.older_than_days:
        values["submitted_by"] = utcnow() - timedelta(days=filters.older_than_days)
    assignee = None
    if filters.assignee == "me":
        assignee, values["assignee_id"] = "someone", current_user_id
    elif filters.assignee == "none":
        assignee = "nobody"
    elif filters.assignee and parse_int(filters.assignee, 1) is not None:
        assignee, values["assignee_id"] = "someone", parse_int(filters.assignee, 1)
    shape = (bool(filters.kind), bool(filters.older_than_days), filters.spot, assignee)
    return shape, values


# Built once for each shape of filters, the values as parameters: the queue is the desk's
# home page, and building (and keying) these statements over the union cost more than
# running them.
@cache
def _listed(kind: bool, older: bool, spot: bool, assignee: str | None) -> Select:
    queue = _all_kinds()
    conditions = [queue.c.status == bindparam("status")]
    if kind:
        conditions.append(queue.c.kind == bindparam("kind"))
    if older:
        conditions.append(queue.c.submitted_at <= bindparam("submitted_by"))
    if spot:
        conditions.append(queue.c.spot_rule.is_not(None))
    if assignee == "someone":
        conditions.append(queue.c.assignee_id == bindparam("assignee_id"))
    elif assignee == "nobody":
        conditions.append(queue.c.assignee_id.is_(None))
    return (
        select(queue, User.email.label("assignee_email"))
        .outerjoin(User, User.id == queue.c.assignee_id)
        .where(*conditions)
        .order_by(queue.c.submitted_at.asc(), queue.c.kind, queue.c.id)
    )


@cache
def _page_statements(shape: tuple) -> tuple[Select, Select]:
    listed = _listed(*shape)
    count = select(func.count()).select_from(listed.order_by(None).subquery())
    return count, listed.limit(bindparam("limit")).offset(bindparam("offset"))


def queue_query(filters: QueueFilters, current_user_id: int) -> Select:
    """Every submission the filters match, oldest first, its values bound in."""
    shape, values = _filter_values(filters, current_user_id)
    return _listed(*shape).params(values)


def queue_page(filters: QueueFilters, current_user_id: int) -> RowPage:
    """The page of the queue ``?page=`` asks for (past the last one answers 404)."""
    shape, values = _filter_values(filters, current_user_id)
    return paginate_prepared(*_page_statements(shape), values)


def queue_row(kind: str, subject_id: int):
    """One submission as the queue lists it, for the row an htmx action replaces: the same
    columns the page shows, whatever its status now."""
    queue = _all_kinds()
    return db.session.execute(
        select(queue, User.email.label("assignee_email"))
        .outerjoin(User, User.id == queue.c.assignee_id)
        .where(queue.c.kind == kind, queue.c.id == subject_id)
    ).one()


@cache
def _waiting_by_kind() -> Select:
    queue = _all_kinds()
    return (
        select(queue.c.kind, func.count())
        .where(queue.c.status == ReviewStatus.SUBMITTED.value)
        .group_by(queue.c.kind)
    )


def waiting_by_kind() -> dict[str, int]:
    rows = db.session.execute(_waiting_by_kind())
    counts = dict.fromkeys(KIND_LABELS, 0)
    counts.update({kind: count for kind, count in rows})
    return counts


def reviewers() -> list[User]:
    from ..access import Role

    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_([Role.REVIEWER, Role.ADMIN]), User.active)
            .order_by(User.email)
        )
    )


def waiting_age_percentiles(now: datetime) -> tuple[float | None, float | None]:
    """Median and 90th percentile of how long (hours) waiting submissions have waited: the
    order statistics read in the database, the same three statements at any queue size."""
    queue = _all_kinds()
    waiting = queue.c.status == ReviewStatus.SUBMITTED.value
    count = db.session.scalar(select(func.count()).select_from(queue).where(waiting))
    if not count:
        return None, None

    def nth_oldest(position: int) -> float:  # position 0: the shortest wait
        submitted = db.session.scalar(
            select(queue.c.submitted_at)
            .where(waiting)
            .order_by(queue.c.submitted_at.desc())
            .offset(position)
            .limit(1)
        )
        return (now - submitted).total_seconds() / 3600 if submitted else 0.0

    # nearest rank: the p-th percentile of n waits is the ceil(p * n)-th shortest
    return nth_oldest(math.ceil(0.5 * count) - 1), nth_oldest(math.ceil(0.9 * count) - 1)
