"""Languages: which locale and time zone a request is served in (Flask-Babel).

The user's own setting wins (stored on the account, or in the session before signing in), then
the browser's Accept-Language, then the site default (``DEFAULT_LOCALE``). Amounts carry the
site currency (``CURRENCY``) and times are shown in the site time zone (``TIMEZONE``). Mail and
notices are composed in their recipient's language: ``in_language_of(user)``. The portal's
words (``_``, ``_l``, ``ngettext``, ``money``) are said through ``words`` and taken from here."""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Blueprint, Flask, current_app, has_request_context, request, session
from flask_babel import force_locale, refresh
from flask_login import current_user

from ..extensions import babel
from . import template_words
from .words import (
    PRECISE_MONEY,
    KeptDomain,
    _,
    _l,
    filled,
    gettext,
    lazy_ngettext,
    money,
    ngettext,
    pgettext,
    reading_chinese,
)

bp = Blueprint("i18n", __name__)

# Each language as its speakers name it: the switch shows these, whatever the page's language.
LANGUAGES = {"zh_Hans": "中文", "en": "English"}
LOCALES = tuple(LANGUAGES)
SESSION_KEY = "locale"


def chosen_locale() -> str | None:
    """The language the person picked: their account's setting, else this session's."""
    chosen = getattr(current_user, "locale", None) if current_user else None
    if chosen in LOCALES:
        return chosen
    chosen = session.get(SESSION_KEY)
    return chosen if chosen in LOCALES else None


def select_locale() -> str:
    if not has_request_context():
        return current_app.config["DEFAULT_LOCALE"]
    chosen = chosen_locale()
    if chosen:
        return chosen
    best = request.accept_languages.best_match(("zh-Hans", "zh-CN", "zh", "en"))
    if best is not None:
        return "en" if best == "en" else "zh_Hans"
    return current_app.config["DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["TIMEZONE"]


def recipient_locale(user) -> str:
    """The language a person is written to in: their setting, else the site's default. A notice
    is stored and mailed as text, so it is written in its reader's language, not in that of
    whoever, or whichever job, sent it."""
    locale = getattr(user, "locale", None)
    return locale if locale in LOCALES else current_app.config["DEFAULT_LOCALE"]


@contextmanager
def in_language_of(user) -> Iterator[None]:
    """Mail and notices composed inside speak the recipient's language, not the sender's."""
    with force_locale(recipient_locale(user)):
        yield


def init_babel(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    babel.domain_instance = KeptDomain()  # the default domain ("messages"), kept per request
    # Flask-Babel caches the locale on ``g``, which lives as long as the app context: each
    # request chooses afresh (an app context may outlive a request, as in the tests).
    app.before_request(refresh)
    # templates say their words through the kept translations too (words.translations)
    template_words.install(app.jinja_env)
    app.add_template_global(reading_chinese)  # data with a name per language (a promotion's)
    from .wtforms_words import keep_wtforms_translations

    keep_wtforms_translations()


def register(app: Flask) -> None:
    """The routes on ``bp`` come from the views imported here."""
    from . import views  # noqa: F401

    app.register_blueprint(bp)


__all__ = [
    "LANGUAGES",
    "LOCALES",
    "PRECISE_MONEY",
    "_",
    "_l",
    "bp",
    "filled",
    "gettext",
    "in_language_of",
    "lazy_ngettext",
    "money",
    "ngettext",
    "pgettext",
    "reading_chinese",
    "recipient_locale",
]
