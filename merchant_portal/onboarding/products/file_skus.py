"""SKU rows in a product file, the way Taobao's and JD's sheets carry them: one row per SKU,
the listing's own columns (title, description, category) repeated on each, the SKU's sale
values in the attribute columns (颜色, 尺码, or 颜色=红色 in the attributes cell), its price,
stock and merchant code (商家编码) in their columns.

Rows with the same title, description and category whose category has sale attributes, and
which name a value for them, are one listing, wherever they stand in the file. A single row
naming several values of a sale attribute (颜色=红色、蓝色) with no merchant code is a
listing sold at one price, as before SKUs.
"""

from collections import Counter
from dataclasses import replace

from flask_babel import gettext as _

from ...csv_files import RowProblem
from ..categories.tree import split_many
from .file_names import column_label
from .held_state import is_export_mark
from .sku_grid import (
    MAX_SKUS,
    SkuLine,
    canonical,
    combination_label,
    combinations,
    read_line,
    sale_specs,
    summary,
)


def _names_sale_values(row) -> bool:
    return any(row.attributes.get(spec.code) for spec in sale_specs(row.values.get("category")))


def _legacy(group) -> bool:
    """One row, no merchant code, a sale attribute with several values: a listing sold at
    one price and stock (files written before SKUs)."""
    row = group[0]
    specs = sale_specs(row.values.get("category"))
    return (
        len(group) == 1
        and not row.code
        and any(len(split_many(row.attributes.get(s.code, ""))) > 1 for s in specs)
    )


def gather_skus(
    rows: list, said: dict[str, str], broken: set[int] = frozenset()
) -> tuple[list, list[RowProblem]]:
    """The parsed rows with each listing's SKU rows made one listing with its SKUs, wherever
    they stand in the file (a sheet sorted by price in Excel scatters them); problems name the
    row and the column as the file writes them. Rows numbered in ``broken`` have problems
    said already: what follows from those (their listing missing them, their merchant code
    naming no SKU when their sale values could not be read) is not said again."""
    order: list = []  # a row standing alone, or the key of a group of SKU rows
    groups: dict[tuple, list] = {}
    listings_problems: list[RowProblem] = []
    key_of = _keys(rows)
    # a broken row's listing: by its ID, else by its title and description (its category
    # may be what is broken)
    gaps = {row.listing or _shared(row)[:2] for row in rows if row.number in broken}
    for row in rows:
        if not _names_sale_values(row):
            order.append(row)
            continue
        key = key_of(row)
        if key is None:
            listings_problems.append(RowProblem(row.number, said.get("listing_id", column_label(
                "listing_id")), _("several listings in this file have this title, description "
                "and category: write the listing ID of the one this row belongs to, or give a "
                "new listing a title of its own")))  # fmt: skip
            continue
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(row)
    listings = []
    for item in order:
        if not isinstance(item, tuple):
            listings.append(item)
            continue
        group = sorted(groups[item], key=lambda row: row.number)
        # rows of one ID that say different titles: what follows from that (an SKU "on row 12
        # already") is not said again
        unlike = item[0] is None and _alike(group, said, listings_problems)
        whole = not any(row.listing in gaps or _shared(row)[:2] in gaps for row in group)
        own = [] if unlike else listings_problems
        listings.append(group[0] if _legacy(group) else _merged(group, said, own, whole))
    _codes_once(listings, said, listings_problems, broken)
    return listings, listings_problems


def _keys(rows: list):
    """Which listing a SKU row is: by the listing ID the export wrote, else by what the rows
    have in common (a title changed on one row of four was read as a listing of one row and
    one of three, each short). A row keeps its ID when it says the title, description and
    category most rows of that ID say (a row of a listing without SKUs too): two listings
    may share a title. A row that says what the rows of one other ID say, not its own's, is
    that listing's, its ID mistyped (and said so there); a row without an ID joins the one
    listing it repeats (a SKU row added). A row without an ID repeating several listings is
    None: only its ID can tell. Keys of IDs are (None, ID): a title is never None."""
    most, listings_of = _most_said(rows, _shared)
    # the export's mark says it best where the rows carry it: a row renamed apart from its
    # listing's other rows still carries their mark, a row whose ID was mistyped its own
    _marks, marked = _most_said([row for row in rows if row.mark], lambda row: row.mark)

    def key_of(row) -> tuple | None:
        shared = _shared(row)
        alike = listings_of.get(shared, [])
        by_mark = marked.get(row.mark, []) if row.listing and row.mark else []
        if row.listing in by_mark:
            return (None, row.listing)
        if len(by_mark) == 1:
            return (None, by_mark[0])
        if row.listing and (most[row.listing] == shared or len(alike) != 1):
            return (None, row.listing)
        if len(alike) == 1:
            return (None, alike[0])
        return None if alike else shared

    return key_of


def _most_said(rows: list, said) -> tuple[dict, dict]:
    """({listing ID: what most of its rows say}, {what is said so: those IDs}), what a row
    says being ``said(row)``."""
    by_id: dict[int, Counter] = {}
    for row in sorted(rows, key=lambda row: row.number):
        if row.listing:
            by_id.setdefault(row.listing, Counter())[said(row)] += 1
    most = {listing: counted.most_common(1)[0][0] for listing, counted in by_id.items()}
    ids_of: dict = {}
    for listing, value in most.items():
        ids_of.setdefault(value, []).append(listing)
    return most, ids_of


def _shared(row) -> tuple:
    return tuple(row.values.get(k) or "" for k in SHARED)


def _alike(group: list, said: dict[str, str], problems: list[RowProblem]) -> bool:
    """A listing's rows found by its ID repeat its title, description and category, as most
    of them say them. Whether some did not."""
    most = Counter(_shared(row) for row in group).most_common(1)[0][0]
    first = next(row for row in group if _shared(row) == most)
    found = len(problems)
    for row in group:
        for name, mine, theirs in zip(SHARED, _shared(row), _shared(first), strict=True):
            if mine != theirs:
                problems.append(RowProblem(row.number, said.get(name, column_label(name)), _(
                    "the rows of one listing repeat its %(column)s as row %(row)s has it: "
                    "change it on every row of the listing, or, for a new listing, empty the "
                    "listing ID and export version of this row",
                    column=column_label(name), row=first.number)))  # fmt: skip
                break
    return len(problems) > found


SHARED = ("title", "description", "category")


def _column(said: dict[str, str], code: str) -> str:
    return said.get(f"attr:{code}") or said.get("attributes") or column_label("attributes")


def _merged(group: list, said: dict[str, str], problems: list[RowProblem], whole=True):
    first = group[0]
    category = first.values.get("category")
    specs = sale_specs(category)
    named = [s for s in specs if any(row.attributes.get(s.code) for row in group)]
    seen: dict[str, int] = {}
    lines: dict[str, tuple[SkuLine, int]] = {}
    for row in group:
        values = {}
        for spec in named:
            picked = split_many(row.attributes.get(spec.code, ""))
            if len(picked) != 1:
                problems.append(
                    RowProblem(
                        row.number,
                        _column(said, spec.code),
                        _("write one %(name)s on each SKU row", name=spec.label)
                        if picked
                        else _("write the %(name)s of this SKU", name=spec.label),
                    )
                )
                break
            values[spec.code] = picked[0]
        else:
            combination = canonical(values)
            if combination in seen:
                problems.append(
                    RowProblem(
                        row.number,
                        _column(said, named[0].code),
                        _(
                            "%(sku)s is on row %(row)s already",
                            sku=combination_label(values, category),
                            row=seen[combination],
                        ),
                    )
                )
                continue
            seen[combination] = row.number
            line = read_line(
                combination,
                {
                    "price": str(row.values.get("price") or ""),
                    "stock": str(row.values.get("stock")),
                },
            )
            line.code = row.code
            lines[combination] = (line, row.number)
    chosen = [
        (spec, [o.zh for o in spec.options if any(c == o.zh for c in _values(lines, spec.code))])
        for spec in named
    ]
    grid = combinations(chosen)
    missing = [values for values in grid if canonical(values) not in lines]
    if lines and ((missing and whole) or len(grid) > MAX_SKUS):
        shown = _(", ").join(combination_label(v, category) for v in missing[:5])
        problems.append(
            RowProblem(
                first.number,
                said.get("title", column_label("title")),
                _(
                    "“%(title)s” has no row for %(skus)s: every combination of its values "
                    "needs a row (%(max)s at most)",
                    title=first.values.get("title"),
                    skus=shown or "…",
                    max=MAX_SKUS,
                ),
            )
        )
    ordered = [lines[canonical(values)] for values in grid if canonical(values) in lines]
    attributes = dict(first.attributes)
    for spec, values in chosen:
        attributes[spec.code] = "、".join(values)
    skus = tuple(line for line, _number in ordered)
    price, stock = summary(list(skus))
    listings = [row for row in group if row.listing]
    for row in listings[1:]:
        if row.listing != listings[0].listing:
            problems.append(RowProblem(row.number, said.get("listing_id", column_label(
                "listing_id")), _("the rows of one listing carry one listing ID (row %(row)s "
                "has %(id)s)", row=listings[0].number, id=listings[0].listing)))  # fmt: skip
    # compared with the first mark the export could have written: a mistyped one is said on
    # its own row (file_import), not as the other rows' mistake
    marked = next((row for row in group if not row.mark or is_export_mark(row.mark)), first)
    for row in group:
        if row.mark != marked.mark and (not row.mark or is_export_mark(row.mark)):
            problems.append(RowProblem(row.number, said.get("exported_as", column_label(
                "exported_as")), _("the rows of one listing carry the export version of row "
                "%(row)s: write it on this row too, or empty it on every row of the listing",
                row=marked.number)))  # fmt: skip
    return replace(
        first,
        listing=listings[0].listing if listings else None,
        values={**first.values, "price": price, "stock": stock},
        attributes=attributes,
        skus=skus,
        sku_rows=tuple(number for _line, number in ordered),
    )


def _values(lines: dict, code: str) -> set[str]:
    return {line.values.get(code) for line, _number in lines.values()}


def _codes_once(listings: list, said: dict[str, str], problems: list[RowProblem],
                broken: set[int] = frozenset()) -> None:  # fmt: skip
    """A merchant code names one SKU in the whole file."""
    column = said.get("merchant_code", column_label("merchant_code"))
    seen: dict[str, int] = {}
    for listing in listings:
        pairs = zip(listing.skus, listing.sku_rows, strict=True) if listing.skus else ()
        codes = [(line.code, number) for line, number in pairs]
        if not listing.skus and listing.code and listing.number not in broken:
            problems.append(
                RowProblem(
                    listing.number,
                    column,
                    _(
                        "a merchant code belongs to an SKU, and this row names none: write its "
                        "sale values (like 颜色 and 尺码) or leave the cell empty"
                    ),
                )
            )
        for code, number in codes:
            if code and code in seen:
                problems.append(
                    RowProblem(
                        number,
                        column,
                        _(
                            "merchant code %(code)s is on row %(row)s too",
                            code=code,
                            row=seen[code],
                        ),
                    )
                )
            elif code:
                seen[code] = number
