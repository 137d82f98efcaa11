"""Reads for the growth dashboard, from the materialised summaries only (three statements)."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from ..extensions import db
from .lifecycle import Stage
from .models import StageMove, StageSnapshot


@dataclass(frozen=True)
class Month:
    as_of: date
    counts: dict[Stage, int]
    moves: list[tuple[Stage, Stage, int]]  # changes of stage only, largest first

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def months() -> list[Month]:
    counts: dict[date, dict[Stage, int]] = defaultdict(dict)
    for as_of, stage, n in db.session.execute(
        select(StageSnapshot.as_of, StageSnapshot.stage, func.count()).group_by(
            StageSnapshot.as_of, StageSnapshot.stage
        )
    ):
        counts[as_of][Stage(stage)] = n
    moves: dict[date, list] = defaultdict(list)
    for move in db.session.scalars(
        select(StageMove).where(StageMove.from_stage != StageMove.to_stage)
    ):
        moves[move.as_of].append((Stage(move.from_stage), Stage(move.to_stage), move.merchants))
    return [
        Month(as_of, counts[as_of], sorted(moves[as_of], key=lambda m: -m[2]))
        for as_of in sorted(counts)
    ]


def refreshed_at() -> datetime | None:
    return db.session.scalar(select(func.max(StageMove.refreshed_at)))
