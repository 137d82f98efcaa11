"""The zh_Hans catalogue against the messages a part of the portal says: every one translated,
with the same placeholders, so no page of that part falls back to English."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "merchant_portal/translations/zh_Hans/LC_MESSAGES/messages.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
}
PLACEHOLDER = re.compile(r"%\((\w+)\)")


def said_by(*folders: str) -> set[tuple[str, str | None]]:
    """(msgid, context) of every message the Python and templates under ``folders`` say."""
    found = set()
    for folder in folders:
        method = "jinja2" if folder.startswith("templates") else "python"
        pattern = "**.html" if method == "jinja2" else "**.py"
        for _file, _line, message, _comments, context in extract_from_dir(
            ROOT / folder, [(pattern, method)], keywords=KEYWORDS
        ):
            found.add((message if isinstance(message, str) else message[0], context))
    return found


def untranslated(*folders: str) -> list[str]:
    """What the catalogue misses, or translates with other placeholders than the English."""
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    problems = []
    for msgid, context in sorted(said_by(*folders), key=str):
        entry = catalogue.get(msgid, context=context)
        if entry is None:
            entry = next((m for m in catalogue if isinstance(m.id, tuple)
                          and m.id[0] == msgid and m.context == context), None)  # fmt: skip
        strings = entry.string if entry is not None else None
        strings = [strings] if isinstance(strings, str) else list(strings or [])
        if not strings or not all(strings):
            problems.append(f"not translated: {msgid!r}")
            continue
        english = set(PLACEHOLDER.findall(msgid)) | (
            set(PLACEHOLDER.findall(entry.id[1])) if isinstance(entry.id, tuple) else set()
        )
        for chinese in strings:
            if not set(PLACEHOLDER.findall(chinese)) <= english:
                problems.append(f"placeholders differ: {msgid!r} -> {chinese!r}")
    return problems
