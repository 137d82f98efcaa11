"""Recording results. The view commits once, so an import is every row or none."""

from ...extensions import db
from ..models import PerformanceRecord, Placement
from .forms import COLUMNS


def record(
    store_id: int, values: dict, placements_by_code: dict[str, Placement], actor_id: int
) -> None:
    placement = placements_by_code[values["placement"]]
    entry = PerformanceRecord(
        store_id=store_id,
        placement_id=placement.id,
        recorded_by_id=actor_id,
        **{k: values[k] for k in COLUMNS if k != "placement"},
    )
    db.session.add(entry)
