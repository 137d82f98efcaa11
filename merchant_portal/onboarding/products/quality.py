"""Listing quality: a score out of 100 with the concrete change that would raise it.

This is the product-page coaching merchant operations give by hand, written down: each rule
says what it checks and why shoppers care, and a failing rule says exactly what to fix.
"""

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..catalog import attribute_label, attributes_for

GOOD = 80
TITLE_RANGE = (20, 80)
DESCRIPTION_MIN = 150
IMAGES_WANTED = 3
PROMOTIONAL_WORDS = (
    "best",
    "cheapest",
    "free",
    "sale",
    "discount",
    "guaranteed",
    "hot",
    "#1",
    "no.1",
    "limited",
    "bargain",
    "promo",
    "deal",
    "wow",
)
DECORATION = re.compile(r"[!?*~$#@^|<>]{2,}|[★☆♥♡✓✔❤➤►◆●■□▲▼◀▶✨🔥💥⭐]")


@dataclass(frozen=True)
class Rule:
    key: str
    title: str
    why: str
    points: int


RULES = (
    Rule(
        "title_length",
        _l("Title of %(low)s to %(high)s characters", low=TITLE_RANGE[0], high=TITLE_RANGE[1]),
        _l("Shoppers scan titles in search; a short one says too little, a long one is cut off."),
        20,
    ),
    Rule(
        "title_clean",
        _l("No promotional words or decorative characters in the title"),
        _l(
            "Words like “best” or “free” and symbols like ★ or !!! read as spam and are hidden "
            "by search filters. Put offers in promotions, not titles."
        ),
        15,
    ),
    Rule(
        "description",
        _l("Description of at least %(min)s characters", min=DESCRIPTION_MIN),
        _l("Material, size, use and care answer the questions that otherwise become returns."),
        20,
    ),
    Rule(
        "images",
        _l("At least %(min)s images", min=IMAGES_WANTED),
        _l("Listings with several angles convert better; the first image is the search thumbnail."),
        15,
    ),
    Rule(
        "attributes",
        _l("Every attribute of the category filled in"),
        _l("Attributes power the filters shoppers narrow a search with."),
        15,
    ),
    Rule(
        "price_stock",
        _l("Price and stock set"),
        _l("A listing without price or stock cannot be bought."),
        15,
    ),
)


@dataclass(frozen=True)
class Check:
    rule: Rule
    earned: int
    hint: str | None  # None when the rule is fully met

    @property
    def met(self) -> bool:
        return self.hint is None


@dataclass(frozen=True)
class QualityReport:
    checks: list[Check]

    @property
    def score(self) -> int:
        """The points earned; a listing without a single image stays below "good" however
        well the rest is written (shoppers do not buy what they cannot see, and it could
        not even be submitted)."""
        total = sum(check.earned for check in self.checks)
        pictured = all(c.earned > 0 for c in self.checks if c.rule.key == "images")
        return total if pictured else min(total, GOOD - 1)

    @property
    def good(self) -> bool:
        return self.score >= GOOD

    @property
    def hints(self) -> list[str]:
        return [check.hint for check in self.checks if check.hint]


# A word runs over hyphens and inner dots: "gluten-free" and "sugar-free" are one word each
# (not the promotional "free"), "no.1" is one, and a full stop ending a sentence is not part
# of the word before it.
WORD = re.compile(r"[#\w]+(?:[-.][#\w]+)*")


def promotional_words_in(title: str) -> list[str]:
    words = set(WORD.findall(title.lower()))
    return [word for word in PROMOTIONAL_WORDS if word in words]


def has_decoration(title: str) -> bool:
    if DECORATION.search(title):
        return True
    if any(unicodedata.category(c) == "So" for c in title):  # emoji and other symbols
        return True
    letters = [c for c in title if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.7


def assess(
    title: str,
    description: str,
    category: str | None,
    price,
    stock,
    attributes: dict,
    image_count: int,
) -> QualityReport:
    title = (title or "").strip()
    description = (description or "").strip()
    checks = []
    rules = {rule.key: rule for rule in RULES}

    low, high = TITLE_RANGE
    if low <= len(title) <= high:
        checks.append(Check(rules["title_length"], 20, None))
    elif len(title) < low:
        checks.append(
            Check(
                rules["title_length"],
                5 if title else 0,
                ngettext(
                    "Lengthen the title by %(num)d character: add the material, size or model a "
                    "shopper would search for.",
                    "Lengthen the title by %(num)d characters: add the material, size or model a "
                    "shopper would search for.",
                    low - len(title),
                ),
            )
        )
    else:
        checks.append(
            Check(
                rules["title_length"],
                10,
                ngettext(
                    "Shorten the title by %(num)d character; move details into the description.",
                    "Shorten the title by %(num)d characters; move details into the description.",
                    len(title) - high,
                ),
            )
        )

    promotional = promotional_words_in(title)
    problems = []
    if promotional:
        words = _(", ").join(_("“%(word)s”", word=word) for word in promotional)
        problems.append(_("remove %(words)s", words=words))
    if has_decoration(title):
        problems.append(_("drop decorative symbols, repeated punctuation and capitals"))
    checks.append(
        Check(
            rules["title_clean"],
            0 if problems else 15,
            _("In the title: %(problems)s.", problems=_("; ").join(problems)) if problems else None,
        )
    )

    if len(description) >= DESCRIPTION_MIN:
        checks.append(Check(rules["description"], 20, None))
    else:
        earned = round(20 * len(description) / DESCRIPTION_MIN)
        checks.append(
            Check(
                rules["description"],
                earned,
                ngettext(
                    "Add %(num)d more character to the description: materials, dimensions, "
                    "what is in the box, care.",
                    "Add %(num)d more characters to the description: materials, dimensions, "
                    "what is in the box, care.",
                    DESCRIPTION_MIN - len(description),
                ),
            )
        )

    images = min(image_count, IMAGES_WANTED)
    checks.append(
        Check(
            rules["images"],
            5 * images,
            None
            if images == IMAGES_WANTED
            else ngettext(
                "Add %(num)d more image: front, back and in use.",
                "Add %(num)d more images: front, back and in use.",
                IMAGES_WANTED - images,
            ),
        )
    )

    wanted = attributes_for(category)
    missing = [name for name in wanted if not str((attributes or {}).get(name, "")).strip()]
    if not category:
        checks.append(Check(rules["attributes"], 0, _("Choose a category to see its attributes.")))
    elif missing:
        earned = round(15 * (len(wanted) - len(missing)) / len(wanted))
        names = _(", ").join(attribute_label(name) for name in missing)
        checks.append(Check(rules["attributes"], earned, _("Fill in: %(names)s.", names=names)))
    else:
        checks.append(Check(rules["attributes"], 15, None))

    unset = [name for name, value in (("price", price), ("stock", stock)) if value in (None, "")]
    to_set = {
        ("price", "stock"): _("Set the price and stock."),
        ("price",): _("Set the price."),
        ("stock",): _("Set the stock."),
    }
    checks.append(
        Check(
            rules["price_stock"],
            15 - 7 * len(unset) if unset else 15,
            to_set[tuple(unset)] if unset else None,
        )
    )
    return QualityReport(checks)


def assess_product(product, image_count: int) -> QualityReport:
    """The report for what is saved on a product."""
    return assess(
        product.title, product.description, product.category, product.price, product.stock,
        product.attributes or {}, image_count,
    )  # fmt: skip


def assess_form(form, attributes: dict, image_count: int) -> QualityReport:
    """The report for what the editor holds right now, saved or not. A price or stock the
    form refuses (negative, not a number) counts as not set: it could not be saved."""

    def valid(field):
        return None if field.errors else field.data

    return assess(
        form.title.data, form.description.data, form.category.data, valid(form.price),
        valid(form.stock), attributes, image_count,
    )  # fmt: skip
