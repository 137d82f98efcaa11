"""Reads for the growth dashboard, from the materialised summaries only (three statements)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from ..extensions import db
from .lifecycle import Stage
from .models import StageMove, StageSnapshot


@dataclass(frozen=True)
class Bar:
    """One stage's stretch of a month's bar, its coordinates as the chart writes them."""

    stage: Stage
    x: str
    width: str
    count: int


@dataclass(frozen=True)
class Month:
    as_of: date
    counts: dict[Stage, int]
    moves: list[tuple[Stage, Stage, int]]  # changes of stage only, largest first

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def count_texts(self) -> list[str]:
        """Each stage's count, in stage order, as the table writes it (1,234)."""
        return [f"{self.counts.get(stage, 0):,}" for stage in Stage]

    def bars(self, width: int) -> list[Bar]:
        """The month's stacked bar, stage after stage from x=100 over ``width`` - 110 units
        (worked out here: the template's arithmetic per stage and month was most of the
        dashboard's CPU)."""
        scale = (width - 110) / (self.total or 1)
        x, bars = 100, []
        for stage in Stage:
            count = self.counts.get(stage, 0)
            bars.append(Bar(stage, f"{x:.1f}", f"{count * scale:.1f}", count))
            x += count * scale
        return bars


# Built once, read on the connection as plain rows (the dashboard only reads): loading every
# move as an ORM object was a fifth of the page's CPU.
_STAGE_COUNTS = select(StageSnapshot.as_of, StageSnapshot.stage, func.count()).group_by(
    StageSnapshot.as_of, StageSnapshot.stage
)
_MOVES = select(
    StageMove.as_of, StageMove.from_stage, StageMove.to_stage, StageMove.merchants
).where(StageMove.from_stage != StageMove.to_stage)
_REFRESHED = select(func.max(StageMove.refreshed_at))


def months() -> list[Month]:
    run = db.session.connection().execute
    counts: dict[date, dict[Stage, int]] = defaultdict(dict)
    for as_of, stage, n in run(_STAGE_COUNTS):
        counts[as_of][Stage(stage)] = n
    moves: dict[date, list] = defaultdict(list)
    for as_of, from_stage, to_stage, merchants in run(_MOVES):
        moves[as_of].append((Stage(from_stage), Stage(to_stage), merchants))
    return [
        Month(as_of, counts[as_of], sorted(moves[as_of], key=lambda m: -m[2]))
        for as_of in sorted(counts)
    ]


def refreshed_at() -> datetime | None:
    return db.session.connection().scalar(_REFRESHED)
