"""A week-by-week line's geometry, worked out in Python for ``growth/_charts.html``'s ``trend``.

The template did this arithmetic per point (two coordinates formatted twice, a title said and
formatted for each of the 16 weeks of four charts): about a fifth of the business page's CPU.
The markup stays in the template; the numbers come out as the template wrote them."""

from dataclasses import dataclass

from ..i18n import _

AXIS_X = 50  # where the vertical axis stands; points start there
RIGHT_MARGIN = 10
TOP_ROOM = 14  # the top value's label sits above the highest point


@dataclass(frozen=True)
class Dot:
    cx: str
    cy: str
    title: str  # "Week of 2026-11-30: 1,234"


@dataclass(frozen=True)
class TrendChart:
    polyline: str  # the points attribute: "50.0,136.0 76.7,12.3 "
    dots: list[Dot]
    top_label: str  # the highest value, in the chart's number format


def trend_chart(points: list, fmt: str, width: int, height: int) -> TrendChart:
    """``points``: (week label, value) pairs, oldest first; ``fmt`` a str.format pattern."""
    top = max((value for _label, value in points), default=0) or 1
    step = (width - AXIS_X - RIGHT_MARGIN) / ((len(points) - 1) or 1)
    dots = []
    for index, (label, value) in enumerate(points):
        cx = f"{AXIS_X + index * step:.1f}"
        cy = f"{height - (value / top) * (height - TOP_ROOM):.1f}"
        title = _("Week of %(week)s: %(value)s", week=label, value=fmt.format(value))
        dots.append(Dot(cx, cy, title))
    return TrendChart("".join(f"{d.cx},{d.cy} " for d in dots), dots, fmt.format(top))
