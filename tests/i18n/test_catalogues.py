"""The Chinese catalogue is complete: every message of the interface has a zh_Hans translation,
none left fuzzy, and the catalogue holds every message the code and templates ask for (so a
string added without ``make messages`` and a translation fails here, not in front of a
merchant)."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "merchant_portal" / "translations" / "zh_Hans" / "LC_MESSAGES" / "messages.po"
# as `make messages` extracts them (Makefile, babel.cfg)
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}
METHODS = [("merchant_portal/**.py", "python"), ("templates/**.html", "jinja2")]


def chinese():
    with CATALOGUE.open("rb") as po:
        return read_po(po, locale="zh_Hans")


def test_every_message_has_a_chinese_translation():
    catalogue = chinese()
    untranslated = [
        message.id
        for message in catalogue
        if message.id
        and (
            not all(message.string)
            if isinstance(message.string, tuple)
            else not message.string.strip()
        )
    ]
    fuzzy = [message.id for message in catalogue if message.id and message.fuzzy]
    assert not untranslated, f"no zh_Hans translation in {CATALOGUE.name}: {untranslated}"
    assert not fuzzy, f"fuzzy (unchecked) zh_Hans translations: {fuzzy}"


def test_every_message_the_portal_asks_for_is_in_the_catalogue():
    known = {message.id if isinstance(message.id, str) else message.id[0] for message in chinese()}
    asked = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        asked.setdefault(msgid, f"{filename}:{lineno}")
    missing = {msgid: where for msgid, where in asked.items() if msgid not in known}
    assert not missing, f"run `make messages` and translate: {missing}"


def test_placeholders_survive_translation():
    """A msgstr that drops or renames %(name)s fails at run time with a KeyError."""
    placeholder = re.compile(r"%\((\w+)\)[sd]")
    wrong = []
    for message in chinese():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(placeholder.findall(ids[-1]))
        for string in strings:
            used = set(placeholder.findall(string or ""))
            # a plural's singular may leave its number out; nothing may invent a placeholder
            if string and (used - expected or (len(ids) == 1 and used != expected)):
                wrong.append(message.id)
    assert not wrong, f"these translations change the placeholders: {wrong}"
