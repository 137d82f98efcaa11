"""Saving a promotion from the admin's form: once for a form sent twice (a double click made
two 双11s, both shown to every merchant), and never over a colleague's save made after this
form was opened (``edit_version``). A new promotion's form sent again changed (Back, a typo
mended, Save) changes the promotion it made, as the admin meant: it said "saved" and kept the
first text before."""

from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

from sqlalchemy import select

from ..audit import audit
from ..audit.models import AuditEvent
from ..edit_version import EditedElsewhere, version_of
from ..extensions import db
from ..onboarding.activities.models import Activity
from ..timeutil import utcnow
from ..transitions import insert_once, read_locked

FIELDS = (
    "name", "name_zh", "description", "registration_opens_at", "registration_closes_at",
    "starts_at", "ends_at", "categories", "min_discount_pct", "min_promo_stock",
    "max_products_per_store",
)  # fmt: skip


def activity_version(activity) -> str:
    return version_of({name: _plain(getattr(activity, name)) for name in FIELDS})


def _plain(value):
    """One way to write a value, whether read back from the database or from the form:
    15 and 15.00 percent, a time with its seconds or without."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, second=0, microsecond=0).isoformat()
    return value


def _fill(activity, form) -> None:
    for name in FIELDS:
        getattr(form, name).populate_obj(activity, name)
    activity.name_zh = activity.name_zh or None
    if activity.description is None:
        activity.description = ""


def save_activity(activity: Activity | None, form, actor_id: int) -> Activity:
    """The promotion saved (the caller commits): ``activity`` None creates one, or finds the
    one this render of the form created already. EditedElsewhere if the form's ``seen`` is
    not the promotion as it stands now."""
    if activity is None:
        _not_a_second(form, actor_id)
        activity = Activity(form_key=form.form_key.data)
        _fill(activity, form)
        if not insert_once(activity):
            made = select(Activity).where(Activity.form_key == form.form_key.data)
            return _sent_again(db.session.scalars(made).one(), form, actor_id)
        _audit(actor_id, activity, "create_activity")
        return activity
    read_locked(activity)
    if form.seen.data and form.seen.data != activity_version(activity):
        typed = SimpleNamespace()
        _fill(typed, form)
        if activity_version(typed) != activity_version(activity):
            raise EditedElsewhere
        return activity  # the very promotion saved meanwhile: this save sent twice
    _fill(activity, form)
    _audit(actor_id, activity, "edit_activity")
    return activity


class NamedAsJustMade(Exception):
    """A new promotion named as the one this admin made moments ago from another form."""

    def __init__(self, activity: Activity):
        super().__init__()
        self.activity = activity


def _not_a_second(form, actor_id: int) -> None:
    """Back after saving fetches the new-promotion form afresh (a new form key) and the browser
    fills in what was typed: saved again, it made a second 双11 beside the first. A new
    promotion named as the one this admin just made is refused, the form kept."""
    made = just_created(actor_id)
    if made is None or made.form_key == form.form_key.data:
        return
    names = {form.name.data, form.name_zh.data} - {None, ""}
    if names & {made.name, made.name_zh}:
        raise NamedAsJustMade(made)


class MadeAndEditedElsewhere(EditedElsewhere):
    """This new promotion's form made ``activity`` already, and another admin changed it since."""

    def __init__(self, activity: Activity):
        super().__init__()
        self.activity = activity


def _sent_again(made: Activity, form, actor_id: int) -> Activity:
    read_locked(made)
    typed = SimpleNamespace()
    _fill(typed, form)
    if activity_version(typed) == activity_version(made):
        return made  # a double click: saved once already
    # another admin's save: this admin's own resends of this form are theirs to overwrite
    edited = select(AuditEvent.id).where(
        AuditEvent.subject_kind == "activity",
        AuditEvent.subject_id == made.id,
        AuditEvent.action == "edit_activity",
        AuditEvent.actor_id != actor_id,
    )
    if db.session.scalar(edited.limit(1)) is not None:
        raise MadeAndEditedElsewhere(made)  # not over what another save made of it since
    _fill(made, form)
    _audit(actor_id, made, "edit_activity")
    return made


def _audit(actor_id: int, activity: Activity, action: str) -> None:
    db.session.flush()
    audit(actor_id=actor_id, subject_kind="activity", subject_id=activity.id, action=action)


RECENT = timedelta(minutes=30)


def just_created(actor_id: int) -> Activity | None:
    """The promotion this admin created in the last half hour, if any: Back after saving
    opens the new-promotion form afresh (browsers fetch it again), and saving it then makes a
    second promotion, so the form says which one was made and links to it."""
    since = utcnow() - RECENT
    return db.session.scalar(
        select(Activity)
        .join(AuditEvent, AuditEvent.subject_id == Activity.id)
        .where(
            AuditEvent.subject_kind == "activity",
            AuditEvent.action == "create_activity",
            AuditEvent.actor_id == actor_id,
            AuditEvent.created_at >= since,
        )
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(1)
    )
