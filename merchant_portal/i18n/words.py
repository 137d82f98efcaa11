"""Catalogue messages that can be said anywhere, and amounts of money as the reader writes them.

In a request, a message is said in the request's language. Outside one (the nightly refresh,
a test's application context) there is no reader to choose a language, so it is said in the
site's, ``DEFAULT_LOCALE``, instead of asking the request-bound locale selector. The job
worker runs its work in a request context of its own, so it gets the site's language too.

The functions take what Flask-Babel's take and are extracted by ``make messages`` under the
same names (``_``, ``gettext``, ``ngettext``, ``pgettext``, ``_l``, ``lazy_ngettext``)."""

from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache

from babel.numbers import format_currency as babel_currency
from flask import current_app, g, has_app_context, has_request_context
from flask.globals import _cv_app
from flask_babel import Domain, force_locale, format_currency, get_locale, get_translations
from flask_babel.speaklater import LazyString

from .spacing import tight


def translations(find=get_translations):
    """Flask-Babel's ``get_translations()``, kept for the locale it was found for: it walks
    ``g`` through its proxy some ten times a call, and a page says a few hundred words (a
    millisecond of every page). A change of locale (``force_locale``, ``refresh``) replaces
    the locale object Flask-Babel keeps, so the kept one is not used for another."""
    app_context = _cv_app.get(None)
    space = app_context.g.__dict__.get("_flask_babel") if app_context is not None else None
    if space is not None:
        kept = space.__dict__.get("portal_kept")
        if kept is not None and kept[0] is space.__dict__.get("babel_locale"):
            return kept[1]
    found = find()
    space = g.get("_flask_babel") if app_context is not None else None
    if space is not None and space.__dict__.get("babel_locale") is not None:
        space.portal_kept = (space.babel_locale, found)
    return found


class KeptDomain(Domain):
    """Flask-Babel's own ``gettext`` and lazy strings (forms, menus) through the kept
    translations too."""

    def get_translations(self):
        return translations(super().get_translations)


def _said(say) -> str:
    if has_request_context() or not has_app_context() or _forced():
        return say()
    with force_locale(current_app.config["DEFAULT_LOCALE"]):
        return say()


def _forced() -> bool:
    """Is a language asked for (``force_locale``: a job's, a recipient's)? Then that one is
    spoken: the site's overrode it, and an English planner's notice of a finished run read
    "正在通知商家平台运行 1 的结果: finished" (the subject said by Flask-Babel, the title by us)."""
    space = g.__dict__.get("_flask_babel") if has_app_context() else None
    return space is not None and getattr(space, "forced_babel_locale", None) is not None


# In a request, as Flask-Babel says them (flask_babel.Domain.gettext and its kin), through
# the kept translations.
# Each fills its variables in itself (``filled``), Chinese spacing kept (``spacing.tight``).
def gettext(string: str, **variables) -> str:
    return filled(_said(lambda: translations().ugettext(string)), variables)


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    return filled(_said(lambda: translations().ungettext(singular, plural, num)), variables)


def pgettext(context: str, string: str, **variables) -> str:
    """For a word the catalogue must tell apart from the same English elsewhere."""
    return filled(_said(lambda: translations().upgettext(context, string)), variables)


def filled(said: str, variables: dict) -> str:
    """A catalogue sentence with its variables filled in: what ``_`` does, for a sentence kept
    lazy (``_l``) and filled in later, Chinese spacing and all."""
    return tight(said, variables) % variables if variables else said


_ = gettext


def _l(string: str, **variables) -> LazyString:
    """Said when shown (module-level labels, stage names, reasons)."""
    return LazyString(gettext, string, **variables)


def lazy_ngettext(singular: str, plural: str, num: int, **variables) -> LazyString:
    return LazyString(ngettext, singular, plural, num, **variables)


# up to four decimals: a clearing price of 0.0061 per click is not "0.01"
PRECISE_MONEY = "¤#,##0.00##"


def money(amount: float, precise: bool = False) -> str:
    """An amount in the site's currency and the reader's locale, the one way the portal writes
    money (¥1,234.50 in Chinese, CN¥1,234.50 in English; the ``money`` filter too); ``precise``
    for prices of one unit."""
    if has_request_context():
        prefix = _money_prefix(str(get_locale()), current_app.config["CURRENCY"])
        said = _to_places(amount, prefix, PRECISE_PLACES if precise else CENTS)
        if said is not None:
            return said
    options = {"format": PRECISE_MONEY, "currency_digits": False} if precise else {}
    return _said(lambda: format_currency(amount, current_app.config["CURRENCY"], **options))


CENTS = Decimal("0.01")
PRECISE_PLACES = Decimal("0.0001")  # PRECISE_MONEY's most decimals


@cache
def _money_prefix(locale: str, currency: str) -> str | None:
    """What Babel writes before the digits in ``locale``, where its money is that prefix, a
    minus in front when negative, and the digits grouped by thousands with two decimals (both
    the portal's locales); None elsewhere. Babel formatting each amount anew took a fifth of
    the book's CPU (16 amounts, 75 µs each)."""
    probe = babel_currency(1234567.5, currency, locale=locale)
    prefix = probe.removesuffix("1,234,567.50")
    if prefix == probe or babel_currency(-0.5, currency, locale=locale) != f"-{prefix}0.50":
        return None
    return prefix


def _to_places(amount, prefix: str | None, places: Decimal) -> str | None:
    """As Babel rounds: the amount's decimal text, half to even, to the cent (or, for a
    precise price, to four decimals shown with two at least, as PRECISE_MONEY does: the run
    page's 100 clearing prices took Babel 6 ms)."""
    if prefix is None:
        return None
    try:
        value = Decimal(str(amount))
    except ArithmeticError:
        return None
    if not value.is_finite():
        return None
    value = value.quantize(places, ROUND_HALF_EVEN)
    digits = f"{abs(value):,.{-places.as_tuple().exponent}f}"
    if places != CENTS:
        whole, _, decimals = digits.partition(".")
        digits = f"{whole}.{decimals[:2]}{decimals[2:].rstrip('0')}"
    return f"{'-' if value.is_signed() else ''}{prefix}{digits}"


def reading_chinese() -> bool:
    """Whether the reader reads Chinese: data with a name per language shows its Chinese one."""
    if has_request_context() or not has_app_context():
        locale = get_locale() if has_app_context() else None
    else:
        with force_locale(current_app.config["DEFAULT_LOCALE"]):
            locale = get_locale()
    return str(locale or "zh").startswith("zh")
