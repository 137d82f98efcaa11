# ruff: noqa: RUF002, RUF003  (颜色 × 尺码: the grid as merchants say it)
"""A listing's SKU grid: one row for every combination of the sale-attribute values chosen
(颜色 × 尺码), each with the price, stock and merchant code (商家编码) typed for it.

The editor, the files and the review of a change all read the grid here, so they accept the
same numbers ("¥39.90", "39.9元", full-width digits: numbers.py) and say the same problems.
A combination is kept as canonical JSON ({attribute code: the option's Chinese name}, keys
sorted), whatever order or language it was chosen in.
"""

import itertools
import json
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ...forms import one_line
from ...i18n import _
from ...numbers import read_typed_decimal, read_typed_int
from ..catalog import attribute_specs
from ..categories.tree import Attribute, split_many

MAX_SKUS = 200  # 10 colours × 7 sizes is 70; a grid past this is a mistake, not a listing
CODE_MAX = 40
COMBINATION_MAX = 2000  # characters of a combination as JSON: a few sale attributes and values
PRICE_MIN, PRICE_MAX = Decimal("0.01"), Decimal(1_000_000)
STOCK_MAX = 1_000_000
CENT = Decimal("0.01")


def canonical(values: dict[str, str]) -> str:
    return json.dumps(dict(sorted(values.items())), ensure_ascii=False, separators=(",", ":"))


def parse_combination(text: str) -> dict[str, str]:
    if len(text or "") > COMBINATION_MAX:  # a field name nobody's grid wrote
        return {}
    try:
        values = json.loads(text or "{}")
    except (ValueError, RecursionError):  # "[[[[…" fifty thousand deep is no combination
        return {}
    if not isinstance(values, dict):
        return {}
    found = {str(k): str(v) for k, v in values.items()}
    if not all(_is_text(k) and _is_text(v) for k, v in found.items()):
        return {}  # "\ud800" in a field's name: no text, and no page could be written of it
    return found


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def sale_specs(category: str | None) -> list[Attribute]:
    return [spec for spec in attribute_specs(category) if spec.sale]


def chosen_values(category: str | None, attributes: dict) -> list[tuple[Attribute, list[str]]]:
    """Each sale attribute with the values chosen for it, in the options' order; attributes
    with nothing chosen are left out (a listing of one colour in many sizes)."""
    chosen = []
    for spec in sale_specs(category):
        picked = set(split_many((attributes or {}).get(spec.code, "")))
        values = [o.zh for o in spec.options if o.zh in picked]
        # a value typed beyond the options, as long as a colour or a size can be: a page of
        # thousand-character rows was a hostile post's megabytes, never a listing
        values += [v for v in split_many((attributes or {}).get(spec.code, "")) if len(v) <= 60]
        values = list(dict.fromkeys(values))[: MAX_SKUS + 1]  # "X、X" twice: one value, one row
        if values:
            chosen.append((spec, values))
    return chosen


def combination_count(chosen: list[tuple[Attribute, list[str]]]) -> int:
    count = 1
    for _spec, values in chosen:
        count *= len(values)
    return count if chosen else 0


def combinations(chosen: list[tuple[Attribute, list[str]]]) -> list[dict[str, str]]:
    if not chosen or combination_count(chosen) > MAX_SKUS:
        return []
    codes = [spec.code for spec, _values in chosen]
    return [
        dict(zip(codes, picked, strict=True))
        for picked in itertools.product(*(values for _spec, values in chosen))
    ]


def combination_label(values: dict[str, str], category: str | None) -> str:
    """红色 / M in Chinese, Red / M in English, in the category's attribute order."""
    specs = {spec.code: spec for spec in attribute_specs(category)}
    order = [code for code in specs if code in values] + sorted(set(values) - set(specs))
    return " / ".join(specs[c].shown(values[c]) if c in specs else values[c] for c in order)


@dataclass
class SkuLine:
    combination: str
    values: dict[str, str]
    typed: dict[str, str]  # price, stock, code as typed
    price: Decimal | None = None
    stock: int | None = None
    code: str = ""
    problems: dict[str, str] = field(default_factory=dict)
    label: str = ""  # 红色 / M, in the reader's language

    def as_data(self) -> dict:
        """As a change to a live listing keeps it (JSON: the price as text)."""
        return {
            "combination": self.combination,
            "price": None if self.price is None else f"{self.price:.2f}",
            "stock": self.stock,
            "code": self.code,
        }


def read_price(text: str) -> tuple[Decimal | None, str | None]:
    if not (text or "").strip():
        return None, _("Enter the price.")
    number = read_typed_decimal(text)
    if number is None:  # "39,90", "免费": the form of it, not its size, is what to fix
        return None, _("Write the price as a number, like ¥39.90.")
    if not PRICE_MIN <= number <= PRICE_MAX:
        return None, _("Enter a price between 0.01 and 1,000,000, like ¥39.90.")
    if number.quantize(CENT, rounding=ROUND_HALF_UP) != number:  # 128.005: the merchant says
        return None, _("Use at most %(places)s decimal places.", places=2)
    return number, None


def read_stock(text: str) -> tuple[int | None, str | None]:
    if not str(text if text is not None else "").strip():
        return None, _("Enter the stock.")
    number = read_typed_int(str(text), 0, STOCK_MAX)
    if number is not None:
        return number, None
    typed = read_typed_decimal(str(text))
    if typed is None or (typed != typed.to_integral_value() and 0 <= typed <= STOCK_MAX):
        # "三", "12 pcs", "５.5": the range was not what was wrong with them
        return None, _("Stock is a whole number of items, like 12.")
    return None, _("Enter a stock from 0 to 1,000,000.")


def merchant_code(text: str) -> str:
    """A merchant code as compared and kept: full-width letters typed in a Chinese input
    method's full-width mode made plain (ＳＫＵ－０１ is SKU-01), and the invisible characters a
    copied cell brings (zero-width spaces, a byte-order mark) dropped. Otherwise a code
    that looks like a listing's own made a new listing instead of changing that one."""
    plain = unicodedata.normalize("NFKC", one_line(text or ""))
    return "".join(c for c in plain if unicodedata.category(c) != "Cf").strip()


def read_line(combination: str, typed: dict[str, str]) -> SkuLine:
    line = SkuLine(combination, parse_combination(combination), typed)
    line.price, price_problem = read_price(typed.get("price", ""))
    line.stock, stock_problem = read_stock(typed.get("stock", ""))
    line.code = merchant_code(typed.get("code") or "")
    for name, problem in (("price", price_problem), ("stock", stock_problem)):
        if problem:
            line.problems[name] = problem
    if len(line.code) > CODE_MAX:
        line.problems["code"] = _("At most %(max)s characters.", max=CODE_MAX)
    return line


def saved_typed(saved: list[dict]) -> dict[str, dict[str, str]]:
    """{combination: typed} from stored rows or a change's data."""
    return {
        row["combination"]: {
            "price": "" if row.get("price") in (None, "") else str(row["price"]),
            "stock": "" if row.get("stock") in (None, "") else str(row["stock"]),
            "code": row.get("code") or "",
        }
        for row in saved or ()
    }


def form_typed(source) -> dict[str, dict[str, str]]:
    """{combination: typed} from the editor's fields sku_price:<combination> …"""
    typed: dict[str, dict[str, str]] = {}
    for key in source:
        for name in ("price", "stock", "code"):
            prefix = f"sku_{name}:"
            if key.startswith(prefix):
                combination = canonical(parse_combination(key.removeprefix(prefix)))
                typed.setdefault(combination, {})[name] = (source.get(key) or "").strip()
    return typed


def build_grid(
    category: str | None,
    attributes: dict,
    typed: dict[str, dict[str, str]],
    default_price: Decimal | None = None,
    fill: dict[str, str] | None = None,
) -> list[SkuLine]:
    """A line for every combination: what was typed for it (a colour added keeps the rows
    already filled), else the listing's own price (a listing that had none), else empty.
    ``fill`` sets price and stock on every line (the bulk fill)."""
    lines = []
    for values in combinations(chosen_values(category, attributes)):
        combination = canonical(values)
        row = dict(typed.get(combination) or {})
        if combination not in typed and default_price is not None:
            row["price"] = f"{default_price:.2f}"
        for name, value in (fill or {}).items():
            if value.strip():
                row[name] = value.strip()
        line = read_line(combination, row)
        line.label = combination_label(values, category)
        lines.append(line)
    _duplicate_codes(lines)
    return lines


def _duplicate_codes(lines: list[SkuLine]) -> None:
    """Every row of a code typed twice says so and names the others: flagged on the second
    row alone, the merchant fixed that one and never saw which row it clashed with."""
    rows_of: dict[str, list[SkuLine]] = {}
    for line in lines:
        if line.code:
            rows_of.setdefault(line.code, []).append(line)
    for same in rows_of.values():
        for line in same if len(same) > 1 else ():
            others = _(", ").join(other.label for other in same if other is not line)
            line.problems.setdefault(
                "code",
                _("This merchant code is also on %(rows)s; each SKU needs its own.", rows=others),
            )


def grid_problem(category: str | None, attributes: dict) -> str | None:
    count = combination_count(chosen_values(category, attributes))
    if count > MAX_SKUS:
        return _(
            "%(count)s combinations is more than %(max)s: choose fewer values.",
            count=count,
            max=MAX_SKUS,
        )
    return None


def summary(lines: list[SkuLine]) -> tuple[Decimal | None, int | None]:
    """The listing's price and stock from its SKUs: the lowest price, the total stock."""
    prices = [line.price for line in lines if line.price is not None]
    stocks = [line.stock for line in lines if line.stock is not None]
    return (min(prices) if prices else None), (sum(stocks) if stocks else None)


@dataclass(frozen=True)
class ShownSku:
    label: str
    price: Decimal
    stock: int
    code: str


def shown_skus(saved: list[dict], category: str | None) -> list[ShownSku]:
    """Stored SKUs as a page lists them, each named in the reader's language."""
    return [
        ShownSku(
            combination_label(parse_combination(row["combination"]), category),
            Decimal(str(row["price"])),
            int(row["stock"]),
            row.get("code") or "",
        )
        for row in saved
    ]
