"""WTForms' own messages ("Not a valid choice.", "Invalid value.") in the reader's language,
read once per locale. Flask-WTF read WTForms' catalogue from disk afresh for every request
that built a form field (about 5% of the review queue's CPU, for one word)."""

from babel.support import Translations
from flask import has_request_context
from flask_babel import get_locale
from wtforms.i18n import messages_path

_KEPT: dict[str, Translations] = {}


def wtforms_translations() -> Translations | None:
    """What ``flask_wtf.i18n._get_translations`` answers, kept per locale for the process
    (the catalogue is a file of the installed WTForms: it does not change while serving)."""
    if not has_request_context():
        return None
    locale = get_locale()
    kept = _KEPT.get(str(locale))
    if kept is None:
        kept = _KEPT[str(locale)] = Translations.load(messages_path(), [locale], domain="wtforms")
    return kept


def keep_wtforms_translations() -> None:
    import flask_wtf.i18n

    # Flask-WTF's Translations look this function up by name at each call
    flask_wtf.i18n._get_translations = wtforms_translations
