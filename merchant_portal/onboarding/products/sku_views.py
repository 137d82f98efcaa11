"""The editor's SKU grid: built from what the form holds, swapped in by htmx when a sale value
is ticked or every row is filled at once."""

from dataclasses import dataclass, field
from itertools import islice

from flask import render_template, request
from flask_babel import gettext as _

from ...access import LISTING_ROLES, Role, roles_required
from ...extensions import db
from ...numbers import id_arg
from . import bp
from .forms import ProductForm
from .models import Product
from .queries import get_product_or_404
from .services import open_change
from .sku_grid import (
    SkuLine,
    build_grid,
    form_typed,
    grid_problem,
    read_price,
    read_stock,
    sale_specs,
    saved_typed,
)
from .sku_rows import codes_taken, saved_skus


@dataclass
class Grid:
    lines: list[SkuLine] = field(default_factory=list)
    problem: str | None = None
    specs: list = field(default_factory=list)
    # a listing saved with one price and stock, its sale values now a grid for the first time
    first_time: bool = False
    # a bulk fill refused (128.005): kept in its box with the reason, the rows left as they were
    fill: dict[str, str] = field(default_factory=dict)
    fill_problems: dict[str, str] = field(default_factory=dict)
    # rows typed for a sale value unticked since: kept hidden, back when it is ticked again
    parked: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def has_problems(self) -> bool:
        return bool(self.problem) or any(line.problems for line in self.lines)

    def only_typed(self) -> None:
        """While the grid is being filled, a cell not typed yet is not a mistake yet."""
        for line in self.lines:
            line.problems = {k: v for k, v in line.problems.items() if line.typed.get(k)}

    def as_data(self) -> list[dict]:
        return [line.as_data() for line in self.lines]

    def for_quality(self) -> list[dict]:
        """The rows as the quality panel reads them: a cell typed but not read (十件, -3) is
        flagged to correct, not taken for an empty one (a SKU "out of stock")."""
        return [
            dict(
                line.as_data(),
                unread=any(line.typed.get(n) and n in line.problems for n in ("price", "stock")),
            )
            for line in self.lines
        ]

    def context(self) -> dict:
        return {
            "sku_lines": self.lines,
            "sku_problem": self.problem,
            "sku_specs": self.specs,
            "sku_first_time": self.first_time,
            "sku_fill": self.fill,
            "sku_fill_problems": self.fill_problems,
            "sku_parked": self.parked,
        }


def editor_grid(
    form,
    attributes: dict,
    product: Product | None = None,
    saved: list[dict] | None = None,
    source=None,
    fill: dict[str, str] | None = None,
) -> Grid:
    """The grid for the category and sale values the form holds. Rows come from ``saved``
    (the listing's SKUs, or its pending change's), then from what the form typed; a new
    combination starts at the listing's price when the listing had no SKUs yet."""
    category = form.category.data
    if saved is None:
        saved = saved_skus(product) if product else []
    typed = saved_typed(saved)
    if source is not None:
        typed.update(form_typed(source))
    refused = fill_problems(fill)
    default = None
    if not saved:
        default = (form.price.data if not form.price.errors else None) or (
            product.price if product else None
        )
    lines = build_grid(category, attributes, typed, default, None if refused else fill)
    shown = {line.combination for line in lines}
    return Grid(
        lines,
        grid_problem(category, attributes),
        sale_specs(category),
        first_time=bool(product and product.id and not saved and product.stock is not None),
        fill=dict(fill or {}) if refused else {},
        fill_problems=refused,
        parked=_parked(typed, shown),
    )


# more rows than any listing sells, each cell as long as a cell may be: what a request sends
# beyond that is not echoed back (a page of megabytes for a hostile post)
MOST_PARKED, LONGEST_CELL, LONGEST_COMBINATION = 400, 40, 400


def _parked(typed: dict[str, dict[str, str]], shown: set[str]) -> dict[str, dict[str, str]]:
    rows = (
        (combination, {name: value[:LONGEST_CELL] for name, value in row.items()})
        for combination, row in typed.items()
        if combination not in shown
        and len(combination) <= LONGEST_COMBINATION
        and any(row.values())
    )
    return dict(islice(rows, MOST_PARKED))


def fill_problems(fill: dict[str, str] | None) -> dict[str, str]:
    """What is wrong with the bulk fill's price or stock (each left empty is not filled)."""
    problems = {}
    for name, read in (("price", read_price), ("stock", read_stock)):
        typed = (fill or {}).get(name, "")
        if typed.strip():
            problem = read(typed)[1]
            if problem:
                problems[name] = problem
    return problems


def bulk_fill() -> dict[str, str] | None:
    """The price and stock to set on every row, when the fill button was pressed."""
    if request.method != "POST" or not request.form.get("sku_fill"):
        return None
    return {
        "price": request.form.get("sku_fill_price", ""),
        "stock": request.form.get("sku_fill_stock", ""),
    }


def saved_for(product: Product) -> list[dict]:
    """The SKUs the editor opens with: a live listing's pending change's, else its own."""
    change = open_change(product) if product.is_live else None
    if change is not None and "skus" in (change.data or {}):
        return list(change.data.get("skus") or [])
    return saved_skus(product)


def check_codes(grid: Grid, store_id: int, product: Product | None) -> None:
    """A merchant code another listing of the store uses is refused next to its cell."""
    taken = codes_taken(
        store_id, [line.code for line in grid.lines], product.id if product else None
    )
    for line in grid.lines:
        if line.code in taken:
            line.problems.setdefault(
                "code",
                _(
                    "Merchant code %(code)s is used by another listing of your store.",
                    code=line.code,
                ),
            )


def lost_code_race(grid: Grid, store_id: int, product: Product | None) -> None:
    """After the database refused a merchant code another save took a moment earlier (the
    unique index holds what the check before saving could not): nothing was saved, and the
    cell that lost says so."""
    db.session.rollback()
    check_codes(grid, store_id, product)
    if not grid.has_problems:
        grid.problem = _("A merchant code was taken by another listing just now; save again.")


@bp.route("/skus", methods=["POST"])
@roles_required(Role.MERCHANT, store=LISTING_ROLES)
def sku_grid():
    """The grid again, for the sale values ticked now; with the bulk fill, every row takes
    the price and stock typed above it."""
    form = ProductForm(meta={"csrf": False})  # the htmx header carries the token (CSRFProtect)
    form.validate()
    product_id = id_arg("product_id", source=request.form)
    product = get_product_or_404(product_id) if product_id else None
    saved = saved_for(product) if product else None
    grid = editor_grid(form, form.attribute_values(), product, saved, request.form, bulk_fill())
    grid.only_typed()
    return render_template("products/_skus.html", form=form, **grid.context())
