"""What the planner is told after recording results: a week already there says whose figures
it replaced, and when they were recorded."""

from flask_babel import format_date, format_datetime

from ...i18n import _, ngettext
from .weekly import Recorded


def recorded_note(done: Recorded) -> tuple[str, str]:
    """(message, flash category) for one week recorded by the form."""
    week = format_date(done.entry.week, "medium")
    placement = done.placement.label
    if done.unchanged:
        return (
            _(
                "%(placement)s for the week of %(week)s already had these figures (recorded "
                "on %(when)s by %(who)s); nothing changed.",
                placement=placement,
                week=week,
                when=format_datetime(done.replaced_at, "medium"),
                who=done.replaced_by,
            ),
            "info",
        )
    if done.replaced_at:
        return (
            _(
                "%(placement)s for the week of %(week)s: replaced the figures recorded on "
                "%(when)s by %(who)s. The estimates below count the week once.",
                placement=placement,
                week=week,
                when=format_datetime(done.replaced_at, "medium"),
                who=done.replaced_by,
            ),
            "success",
        )
    return (
        _(
            "%(placement)s for the week of %(week)s recorded; the estimates below include it.",
            placement=placement,
            week=week,
        ),
        "success",
    )


def imported_note(done: list[Recorded]) -> str:
    replaced = [d for d in done if d.replaced_at and not d.unchanged]
    unchanged = sum(1 for d in done if d.unchanged)
    said = ngettext("Imported %(num)d result.", "Imported %(num)d results.", len(done))
    if replaced:
        first = replaced[0]
        said += " " + ngettext(
            "%(num)d week was already recorded: replaced the figures recorded on %(when)s "
            "by %(who)s (undoing this import puts them back).",
            "%(num)d weeks were already recorded: replaced the figures recorded earlier, "
            "first on %(when)s by %(who)s (undoing this import puts them back).",
            len(replaced),
            when=format_datetime(first.replaced_at, "medium"),
            who=first.replaced_by,
        )
    if unchanged:
        said += " " + ngettext(
            "%(num)d week already had the same figures.",
            "%(num)d weeks already had the same figures.",
            unchanged,
        )
    return said
