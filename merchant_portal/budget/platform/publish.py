"""Publishing a reviewed platform run: only then do merchants see their recommendation and
hear of it, each once, in their language.

Publishing is one conditional update (draft -> published): a second publish, from another tab
or a double click, moves nothing and tells nobody. The telling runs as a job in batches; each
notice is keyed by run and merchant, so a resumed job tells nobody twice.

The rule for telling a merchant (the run page says it too): a merchant is told when the
published recommendation is their first platform recommendation, or when it changed
materially from their current one — the spend in all, or on any one placement, moves by more
than ``MATERIAL`` (10%) of the larger of the two recommended spends — and never more than once
a day for the same store, however many runs are published that day.
"""

from datetime import timedelta

from flask import current_app, url_for
from flask_babel import force_locale
from sqlalchemy import func, select

from ...audit import audit
from ...auth.models import User
from ...extensions import db
from ...i18n import _, money, recipient_locale
from ...jobs.messages import JobMessage, add_message_words, say
from ...jobs.models import Job
from ...jobs.queue import task
from ...jobs.runner import Progress, run_job
from ...jobs.state import register_task, start_job
from ...notifications.models import Notification
from ...notifications.services import Notice, notify_many
from ...onboarding.store.models import Store
from ...timeutil import utcnow
from ...transitions import move_once, write_lock_first
from ..models import BudgetPlan, PlatformRun
from .marks import marked_count
from .store import SUBJECT

KIND = "platform_publish"
MATERIAL = 0.10
QUIET = timedelta(days=1)
BATCH = 200


class AlreadyPublished(Exception):
    """Another request published (or discarded) this run first."""


class NewerPublished(Exception):
    """A run newer than this draft is published already: its id."""


class MarkedMeanwhile(Exception):
    """Stores were marked to leave out (from another tab) while this publish was on its way:
    how many."""


def publish(run: PlatformRun, planner_id: int, origin: str) -> Job:
    """Moves the draft to published, once, and stages the job that tells the merchants; the
    view commits. Raises AlreadyPublished when the run is no longer a draft, NewerPublished
    when a newer run is published (an old draft published after it put older
    recommendations back, compared with the runs before it only)."""
    # two drafts published at the same moment both read "nothing newer": every publish first
    # takes the newest run's row (SQLite: the write lock), so the second reads what the first
    # did once it is committed
    write_lock_first(PlatformRun)
    db.session.execute(
        select(PlatformRun.id).order_by(PlatformRun.id.desc()).limit(1).with_for_update()
    )
    newer = db.session.scalar(
        select(func.max(PlatformRun.id)).where(
            PlatformRun.state == "published", PlatformRun.id > run.id
        )
    )
    if newer is not None and run.state == "draft":
        raise NewerPublished(newer)
    if not move_once(
        run, "state", ("draft",), state="published", published_at=utcnow(),
        published_by_id=planner_id,
    ):  # fmt: skip
        raise AlreadyPublished(run.id)
    # the view counted the marks before this update; a planner saving ticks in another tab
    # meanwhile was published all the same. Marking takes the draft's row first, so once this
    # update holds it every mark made is committed and counted here.
    waiting = marked_count(run.id)
    if waiting:
        raise MarkedMeanwhile(waiting)
    audit(
        actor_id=planner_id,
        subject_kind="platform_run",
        subject_id=run.id,
        action="publish_platform_run",
        from_state="draft",
        to_state="published",
    )
    job = start_job(
        KIND,
        planner_id,
        {
            "origin": origin,
            "title_code": TITLE,
            "title_args": {"id": run.id},
            "run_id": run.id,
            "page": url_for("budget.platform_run", run_id=run.id),
        },
        shared_with_role="planner",
    )
    return job


def _key(run_id: int, merchant_id: int) -> str:
    return f"platform-run:{run_id}:user:{merchant_id}"


def changed_materially(new: dict, old: dict | None) -> bool:
    """``new`` and ``old`` are stored results; None: the store had no recommendation."""
    if old is None:
        return True
    spent_new = float(new["totals"].get("spend") or 0)
    spent_old = float(old["totals"].get("spend") or 0)
    scale = max(spent_new, spent_old)
    if scale <= 0:
        return False
    if abs(spent_new - spent_old) > MATERIAL * scale:
        return True
    by_new = {a["id"]: float(a.get("spend") or 0) for a in new.get("allocations") or []}
    by_old = {a["id"]: float(a.get("spend") or 0) for a in old.get("allocations") or []}
    return any(
        abs(by_new.get(code, 0.0) - by_old.get(code, 0.0)) > MATERIAL * scale
        for code in by_new.keys() | by_old.keys()
    )


def previous_recommendations(run: PlatformRun, store_ids: list[int]) -> dict[int, dict]:
    """Each store's recommendation from the latest run published before this one (one query):
    what the merchant was following until now."""
    earlier = (
        select(BudgetPlan.store_id, func.max(BudgetPlan.platform_run_id).label("run_id"))
        .join(PlatformRun, PlatformRun.id == BudgetPlan.platform_run_id)
        .where(
            PlatformRun.state == "published",
            PlatformRun.id < run.id,
            BudgetPlan.store_id.in_(store_ids),
        )
        .group_by(BudgetPlan.store_id)
        .subquery()
    )
    rows = db.session.execute(
        select(BudgetPlan.store_id, BudgetPlan.result).join(
            earlier,
            (earlier.c.store_id == BudgetPlan.store_id)
            & (earlier.c.run_id == BudgetPlan.platform_run_id),
        )
    )
    return dict(rows.all())


def _told_lately(merchant_ids: list[int], since) -> set[int]:
    # The time is asked after grouping by merchant: as a condition on the rows, PostgreSQL
    # chose the time index whenever its statistics predate the job, and read the day's notices
    # (the job's own growing 100,000 among them) for every batch: 72 s of a 125 s publish
    return set(
        db.session.scalars(
            select(Notification.user_id)
            .where(
                Notification.user_id.in_(merchant_ids),
                Notification.key.like("platform-run:%"),
            )
            .group_by(Notification.user_id)
            .having(func.max(Notification.created_at) >= since)
        )
    )


def tell_batch(run: PlatformRun, after: int) -> tuple[int, int, int]:
    """Tells the merchants of the next ``BATCH`` shares past place ``after`` in the run's list,
    by the rule above; (last place seen, told, left alone). The caller commits."""
    # the columns the notice needs, as plain rows: the share's stored request (its rates on
    # every placement) is not decoded, nor are 100,000 plans kept in the session. Walked by
    # the run's (run, place) index: walked by plan id, PostgreSQL read the whole run's shares
    # for each batch of 500 (1.1 s a batch, 4 minutes to tell a 100,000-store run)
    batch = db.session.execute(
        select(
            BudgetPlan.list_position,
            BudgetPlan.id,
            BudgetPlan.store_id,
            BudgetPlan.budget,
            BudgetPlan.result,
            Store.merchant_id,
            BudgetPlan.request["own_plan"].as_integer().label("own_plan"),
        )
        .join(Store, Store.id == BudgetPlan.store_id)
        .where(BudgetPlan.platform_run_id == run.id, BudgetPlan.list_position > after)
        .order_by(BudgetPlan.list_position)
        .limit(current_app.config.get("NOTIFY_BATCH_SIZE") or BATCH)
    ).all()
    if not batch:
        return after, 0, 0
    merchant_ids = [plan.merchant_id for plan in batch]
    before = previous_recommendations(run, [plan.store_id for plan in batch])
    lately = _told_lately(merchant_ids, utcnow() - QUIET)
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(merchant_ids)))}
    left = 0
    notices = []
    for plan in batch:
        merchant_id = plan.merchant_id
        spend = float(plan.result["totals"].get("spend") or 0)
        if (
            spend <= 0
            or not users[merchant_id].active  # a switched-off account: no way to be told
            or merchant_id in lately
            or not changed_materially(plan.result, before.get(plan.store_id))
        ):
            left += 1
            continue
        merchant = users[merchant_id]
        with force_locale(recipient_locale(merchant)):
            subject = str(SUBJECT)
            figures = {"spend": money(spend), "budget": money(float(plan.budget))}
            # a store planned on its monthly ad budget alone has no plan of its own to differ
            # from (nine merchants were told of one)
            body = (
                _(
                    "Business operations published the platform plan: it recommends spending "
                    "%(spend)s a week of your %(budget)s weekly budget. The plan shows where, "
                    "and how it differs from your own.",
                    **figures,
                )
                if plan.own_plan is not None
                else _(
                    "Business operations published the platform plan: it recommends spending "
                    "%(spend)s a week of your %(budget)s weekly budget (from your monthly ad "
                    "budget). The plan shows where.",
                    **figures,
                )
            )
        notices.append(
            Notice(merchant, subject, body, url_for("budget.plan", plan_id=plan.id),
                   key=_key(run.id, merchant_id))
        )  # fmt: skip
        lately.add(merchant_id)
    notify_many(notices)  # the batch's notices and mail in two statements
    return batch[-1].list_position, len(notices), left


@task()
def platform_publish_task(job_id: int) -> None:
    run_job(job_id, execute)


register_task(KIND, platform_publish_task)

TELLING, TOLD = "platform_publish.telling", "platform_publish.done"
TITLE = "platform_publish.title"
add_message_words(
    {
        TITLE: lambda id: _("Telling merchants of platform run %(id)s", id=id),
        TELLING: lambda told: _("Telling merchants: %(told)s told so far", told=f"{told:,}"),
        TOLD: lambda told, left: _(
            "Done: %(told)s told, %(left)s not told (no change that matters, nothing to spend, "
            "told within the day, or the merchant's account is switched off)",
            told=f"{told:,}",
            left=f"{left:,}",
        ),
    }
)


def execute(job: Job, progress: Progress) -> JobMessage:
    """Notices are written in each merchant's language; the job's own messages are codes."""
    run = db.session.get(PlatformRun, job.payload["run_id"])
    total = run.summary["merchants"] if run.summary else 0
    after, told, left = 0, 0, 0
    while True:
        last, now_told, now_left = tell_batch(run, after)
        if last == after:
            break
        after, told, left = last, told + now_told, left + now_left
        progress(5 + 90 * (told + left) // max(total, 1), say(TELLING, told=told))
    # a resumed job starts again from the first plan: merchants told before it stopped have
    # their notice (keyed by run and merchant) and count among those told within the day
    # the run's page counts those told, not those with something to spend (a run published
    # again the same day said "11 merchants notified" where the job had told none)
    run.summary = {**(run.summary or {}), "told": told}
    return say(TOLD, told=told, left=left)


__all__ = ["AlreadyPublished", "NewerPublished", "changed_materially", "publish"]
