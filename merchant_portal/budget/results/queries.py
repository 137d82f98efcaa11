"""Reads of a store's results and the estimates they give."""

from optimizer.single.learning import Observed

from ..learning import learned, observed_results
from ..models import Placement


def observed_by_placement(store_id: int) -> dict[int, Observed]:
    return {placement_id: seen for (_, placement_id), seen in observed_results(store_id).items()}


def estimates(placements: list[Placement], observed: dict[int, Observed]) -> list[tuple]:
    """(placement, observed, posterior estimates) for every placement with results."""
    return [(p, observed[p.id], learned(p, observed[p.id])) for p in placements if p.id in observed]
