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

from ...i18n.lengths import counted_length, has_wide, in_wide_characters
from ..catalog import attribute_label, attributes_for
from .ad_terms import current_terms, marked, terms_in
from .sku_grid import combination_label, parse_combination

GOOD = 80
# counted as Chinese marketplaces count (a Chinese character is 2): 10 to 30 Chinese
# characters, 20 to 60 letters
TITLE_RANGE = (20, 60)
DESCRIPTION_MIN = 150
IMAGES_WANTED = 3
MAIN_IMAGE_MIN = 800  # Taobao, Tmall and JD: the main image square, at least 800 x 800
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
        _l(
            "Title of %(low)s to %(high)s characters, a Chinese character counting as two",
            low=TITLE_RANGE[0],
            high=TITLE_RANGE[1],
        ),
        _l("Shoppers scan titles in search; a short one says too little, a long one is cut off."),
        15,
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
        "absolute_terms",
        _l("No absolute terms banned by the Advertising Law"),
        _l(
            "China's Advertising Law (Article 9) forbids absolute terms such as 最佳, 第一, "
            "国家级 or “best” in any advertising, product titles and descriptions included: "
            "a listing using them can be taken down and the store fined. Say what is true "
            "and can be checked instead: the material, the size, the certificate."
        ),
        10,
    ),
    Rule(
        "description",
        _l(
            "Description of at least %(min)s characters, a Chinese character counting as two",
            min=DESCRIPTION_MIN,
        ),
        _l("Material, size, use and care answer the questions that otherwise become returns."),
        15,
    ),
    Rule(
        "images",
        _l(
            "At least %(min)s images, the main one square and %(side)s pixels or more",
            min=IMAGES_WANTED,
            side=MAIN_IMAGE_MIN,
        ),
        _l(
            "Listings with several angles convert better; the first image is the search "
            "thumbnail, shown square: a smaller or oblong one is blurred or cropped."
        ),
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
    # the text the hint is about, in pieces, each with whether to highlight it
    marked: tuple[tuple[str, tuple[tuple[str, bool], ...]], ...] = ()

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
    # full-width runs a Chinese input method types (U+FF01 twice) shout as !! does
    if DECORATION.search(unicodedata.normalize("NFKC", title)):
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
    terms: tuple[str, ...] | None = None,
    main_image: tuple[int, int] | None = None,
    skus: list[dict] | None = None,
) -> QualityReport:
    """``terms``: the absolute terms to look for; the admins' list when not given.
    ``skus``: the listing's SKUs as stored ({combination, price, stock, code})."""
    terms = current_terms() if terms is None else terms
    title = (title or "").strip()
    description = (description or "").strip()
    checks = []
    rules = {rule.key: rule for rule in RULES}

    checks.append(_title_length(rules["title_length"], title))

    banned = {term.lower() for term in terms_in(title, terms)}
    # a word the Advertising Law rule already names is not named twice
    promotional = [word for word in promotional_words_in(title) if word not in banned]
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
    checks.append(_absolute_terms(rules["absolute_terms"], title, description, terms))

    checks.append(_description_length(rules["description"], description))

    checks.append(_images(rules["images"], image_count, main_image))

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

    if skus:
        checks.append(_sku_check(rules["price_stock"], skus, category))
        return QualityReport(checks)
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


def _sku_check(rule: Rule, skus: list[dict], category: str | None) -> Check:
    """Every SKU priced and in stock, each with a merchant code a warehouse can pick by."""

    def named(rows):
        labels = [combination_label(parse_combination(r["combination"]), category) for r in rows]
        shown = _(", ").join(labels[:3])
        return shown if len(labels) <= 3 else _("%(names)s …", names=shown)

    # a cell typed but not read (十件, -3) is a cell to correct, not a SKU out of stock
    unread = [s for s in skus if s.get("unread")]
    unpriced = [s for s in skus if s.get("price") in (None, "") and s not in unread]
    # a stock left blank is to set, as a blank price is; 0 is a SKU sold out
    unstocked = [s for s in skus if s.get("stock") in (None, "") and s not in unread]
    empty = [s for s in skus if s.get("stock") in (0, "0") and s not in unread]
    uncoded = [s for s in skus if not (s.get("code") or "").strip()]
    hints, earned = [], rule.points
    if unread:
        earned -= 7
        hints.append(_("correct the price or stock of %(skus)s", skus=named(unread)))
    if unpriced:
        earned -= 7
        hints.append(_("set the price of %(skus)s", skus=named(unpriced)))
    if unstocked:
        hints.append(_("set the stock of %(skus)s", skus=named(unstocked)))
    if empty or unstocked:
        earned -= 5 if len(empty) + len(unstocked) < len(skus) else 8
    if empty:
        hints.append(
            ngettext(
                "%(num)d SKU has no stock (%(skus)s)",
                "%(num)d SKUs have no stock (%(skus)s)",
                len(empty),
                skus=named(empty),
            )
        )
    if uncoded:
        earned -= 3
        hints.append(
            ngettext(
                "give %(num)d SKU a merchant code (%(skus)s) so orders are picked right",
                "give %(num)d SKUs a merchant code (%(skus)s) so orders are picked right",
                len(uncoded),
                skus=named(uncoded),
            )
        )
    if not hints:
        return Check(rule, rule.points, None)
    return Check(rule, max(earned, 0), _("SKUs: %(hints)s.", hints=_("; ").join(hints)))


def _title_length(rule: Rule, title: str) -> Check:
    low, high = TITLE_RANGE
    length = counted_length(title)
    if low <= length <= high:
        return Check(rule, rule.points, None)
    if length < low:
        missing = low - length
        return Check(
            rule,
            rule.points // 4 if title else 0,
            ngettext(
                "Lengthen the title by %(num)d Chinese character: add the material, size or "
                "model a shopper would search for.",
                "Lengthen the title by %(num)d Chinese characters: add the material, size or "
                "model a shopper would search for.",
                in_wide_characters(missing),
            )
            if has_wide(title)
            else ngettext(
                "Lengthen the title by %(num)d character: add the material, size or model a "
                "shopper would search for.",
                "Lengthen the title by %(num)d characters: add the material, size or model a "
                "shopper would search for.",
                missing,
            ),
        )
    excess = length - high
    return Check(
        rule,
        rule.points // 2,
        ngettext(
            "Shorten the title by %(num)d Chinese character (30 at most); move details into "
            "the description.",
            "Shorten the title by %(num)d Chinese characters (30 at most); move details into "
            "the description.",
            in_wide_characters(excess),
        )
        if has_wide(title)
        else ngettext(
            "Shorten the title by %(num)d character; move details into the description.",
            "Shorten the title by %(num)d characters; move details into the description.",
            excess,
        ),
    )


def _absolute_terms(rule: Rule, title: str, description: str, terms: tuple[str, ...]) -> Check:
    in_title, in_description = terms_in(title, terms), terms_in(description, terms)
    if not in_title and not in_description:
        return Check(rule, rule.points, None)
    where, shown = [], []
    for label, text, found, around in (
        (_("the title"), title, in_title, None),
        (_("the description"), description, in_description, 20),
    ):
        if found:
            words = _(", ").join(_("“%(word)s”", word=word) for word in found)
            where.append(_("%(words)s in %(where)s", words=words, where=label))
            shown.append((label, tuple(marked(text, terms, around))))
    hint = _(
        "Remove the absolute terms the Advertising Law forbids: %(where)s.",
        where=_("; ").join(where),
    )
    return Check(rule, 0, hint, tuple(shown))


def _images(rule: Rule, image_count: int, main_image: tuple[int, int] | None) -> Check:
    images = min(image_count, IMAGES_WANTED)
    hints = []
    if images < IMAGES_WANTED:
        hints.append(
            ngettext(
                "Add %(num)d more image: front, back and in use.",
                "Add %(num)d more images: front, back and in use.",
                IMAGES_WANTED - images,
            )
        )
    earned = 5 * images
    if main_image and (main_image[0] != main_image[1] or min(main_image) < MAIN_IMAGE_MIN):
        earned = max(earned - 5, 0)
        said = {"width": main_image[0], "height": main_image[1], "min": MAIN_IMAGE_MIN}
        hints.append(
            _(
                "The main image is %(width)s x %(height)s: make it at least %(min)s x %(min)s "
                "pixels, as marketplaces show it.",
                **said,
            )
            if main_image[0] == main_image[1]  # square already: only its size is short
            else _(
                "The main image is %(width)s x %(height)s: make it square and at least "
                "%(min)s x %(min)s pixels, as marketplaces show it.",
                **said,
            )
        )
    return Check(rule, earned, " ".join(hints) if hints else None)


def _description_length(rule: Rule, description: str) -> Check:
    length = counted_length(description)
    if length >= DESCRIPTION_MIN:
        return Check(rule, rule.points, None)
    missing = DESCRIPTION_MIN - length
    return Check(
        rule,
        round(rule.points * length / DESCRIPTION_MIN),
        ngettext(
            "Add %(num)d more Chinese character to the description: materials, dimensions, "
            "what is in the box, care.",
            "Add %(num)d more Chinese characters to the description: materials, dimensions, "
            "what is in the box, care.",
            in_wide_characters(missing),
        )
        if has_wide(description)
        else ngettext(
            "Add %(num)d more character to the description: materials, dimensions, "
            "what is in the box, care.",
            "Add %(num)d more characters to the description: materials, dimensions, "
            "what is in the box, care.",
            missing,
        ),
    )


def assess_product(
    product,
    image_count: int,
    main_image: tuple[int, int] | None = None,
    skus: list[dict] | None = None,
) -> QualityReport:
    """The report for what is saved on a product (``skus`` as stored)."""
    return assess(
        product.title, product.description, product.category, product.price, product.stock,
        product.attributes or {}, image_count, main_image=main_image, skus=skus,
    )  # fmt: skip


def assess_form(
    form,
    attributes: dict,
    image_count: int,
    main_image: tuple[int, int] | None = None,
    skus: list[dict] | None = None,
) -> QualityReport:
    """The report for what the editor holds right now, saved or not. A price or stock the
    form refuses (negative, not a number) counts as not set: it could not be saved."""

    def valid(field):
        return None if field.errors else field.data

    return assess(
        form.title.data, form.description.data, form.category.data, valid(form.price),
        valid(form.stock), attributes, image_count, main_image=main_image, skus=skus,
    )  # fmt: skip
