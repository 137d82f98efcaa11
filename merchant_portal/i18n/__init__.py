"""Languages: which locale and time zone a request is served in (Flask-Babel).

The user's own setting wins, then the browser's Accept-Language, then the site default
(``DEFAULT_LOCALE``). Amounts carry the site currency (``CURRENCY``) and times are shown in the
site time zone (``TIMEZONE``)."""

from flask import Flask, current_app, request
from flask_login import current_user

from ..extensions import babel

LOCALES = ("zh_Hans", "en")


def select_locale() -> str:
    chosen = getattr(current_user, "locale", None) if current_user else None
    if chosen in LOCALES:
        return chosen
    best = request.accept_languages.best_match(("zh-Hans", "zh-CN", "zh", "en"))
    if best is not None:
        return "en" if best == "en" else "zh_Hans"
    return current_app.config["DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["TIMEZONE"]


def init_babel(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
