"""What a refused save says at the top of the editor: the problems sit beside their fields,
down to the SKU grid 2,000 pixels below, and a merchant who saw the page come back at its top
with nothing said there thought the save had done nothing."""

from dataclasses import dataclass

from ...i18n import _


@dataclass(frozen=True)
class Part:
    label: str  # the field's name, as its label says it
    anchor: str  # where on the page it is
    count: int


def editor_problems(form, specs, attribute_errors: dict, sku_lines, sku_problem) -> list[Part]:
    """Each part of the editor with problems, in the page's order."""
    parts = []
    for name in ("title", "description", "category", "price", "stock"):
        field = form[name]
        if field.errors:
            parts.append(Part(str(field.label.text), field.id, len(field.errors)))
    for index, spec in enumerate(specs, start=1):
        if attribute_errors.get(spec.code):
            parts.append(Part(spec.label, f"attr-{index}", 1))
    in_grid = sum(len(line.problems) for line in sku_lines or ()) + (1 if sku_problem else 0)
    if in_grid:
        parts.append(Part(_("SKUs"), "skus", in_grid))
    return parts
