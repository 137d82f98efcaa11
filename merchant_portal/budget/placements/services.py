"""Changes to the placement catalogue, each checked by the optimizer's own validation and
audited. The view commits once."""

from decimal import Decimal

from optimizer import InvalidRequest
from optimizer.single import parse_plan_request

from ...audit import audit
from ...auth.models import User
from ...extensions import db
from ..models import Placement
from ..optimizer_problems import problem_in_words
from ..requests import placement_item


def placement_problems(form) -> dict[str, list[str]]:
    """The placement checked by the optimizer's own validation, problems put on the fields."""
    probe = Placement(
        code=form.code.data or "x",
        name="",
        channel=form.channel.data or "x",
        pricing=form.pricing.data,
        price=form.price.data or Decimal(0),
        inventory=form.inventory.data,
        impressions_per_slot=form.impressions_per_slot.data,
        half_spend=form.half_spend.data,
        prior_ctr=form.prior_ctr.data,
        prior_cvr=form.prior_cvr.data,
        prior_aov=form.prior_aov.data or Decimal(0),
        curve_points=form.points(),
    )
    item = placement_item(probe)
    if form.pricing.data == "curve":
        item.pop("capacity", None)
    renamed = {
        "ctr": "prior_ctr",
        "cvr": "prior_cvr",
        "aov": "prior_aov",
        "capacity": "inventory",
        "points": "curve_points",
        "saturation": "half_spend",
    }
    problems: dict[str, list[str]] = {}
    try:
        parse_plan_request({"budget": 1, "placements": [item]})
    except InvalidRequest as invalid:
        for problem in invalid.problems:
            path = problem.path
            name = path.split(".")[1] if "." in path else path
            name = renamed.get(name.split("[")[0], name.split("[")[0])
            problems.setdefault(name, []).append(problem_in_words(problem))
    return problems


def save_placement(placement: Placement, form, actor: User) -> None:
    for name in (
        "code",
        "name",
        "name_zh",
        "channel",
        "pricing",
        "price",
        "inventory",
        "impressions_per_slot",
        "half_spend",
        "prior_ctr",
        "prior_cvr",
        "prior_aov",
        "prior_strength",
    ):
        setattr(placement, name, getattr(form, name).data)
    placement.name_zh = placement.name_zh or None
    placement.curve_points = form.points()
    if placement.price is None:
        placement.price = Decimal(0)  # curves are priced by their points
    db.session.add(placement)
    db.session.flush()
    audit(actor_id=actor.id, subject_kind="placement", subject_id=placement.id, action="save")
