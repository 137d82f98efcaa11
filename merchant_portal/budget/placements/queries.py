"""Reads of the placement catalogue."""

from sqlalchemy import select

from ...extensions import db
from ..models import Placement


def active_placements() -> list[Placement]:
    return list(
        db.session.scalars(
            select(Placement).where(Placement.active).order_by(Placement.channel, Placement.id)
        )
    )
