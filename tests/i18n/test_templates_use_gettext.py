"""No user-facing text in a template escapes gettext: every text node, and every attribute a
person reads or hears (placeholder, title, aria-label, alt, a button's value), that holds a
letter outside ``{{ }}`` / ``{% %}`` is a translation call's output instead."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# Every template folder is held to the rule ("." is the shared templates at the top); a new
# folder is covered without anyone adding it here.
CHECKED_FOLDERS = (".", *sorted(p.name for p in TEMPLATES.iterdir() if p.is_dir()))

# Words that read the same in every language: brand names, codes, each language's own name.
ALLOWED = ("中文", "English", "GMV", "ROAS", "CSV", "SKU", "CPC", "CPM", "API", "PDF", "SVG")

SPOKEN_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "aria-description"}
BUTTON_INPUTS = {"submit", "button", "reset"}
JINJA = re.compile(r"{#.*?#}|{{.*?}}|{%.*?%}", re.DOTALL)
# Inside Jinja: a macro's words passed as a plain string, like field(f, hint="At least …").
SPOKEN_ARGUMENT = re.compile(
    r"\b(hint|placeholder|title|label)\s*=\s*(['\"])([^'\"]*[A-Za-z][^'\"]*)\2"
)


def checked_templates() -> list[Path]:
    found = []
    for folder in CHECKED_FOLDERS:
        directory = TEMPLATES / folder
        found += sorted(directory.glob("*.html") if folder == "." else directory.rglob("*.html"))
    return found


def words(text: str) -> str:
    """``text`` less the allowed words, if a letter remains (else empty)."""
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    return text.strip() if any(character.isalpha() for character in text) else ""


class TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.skipping = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        attributes = dict(attrs)
        for name, value in attrs:
            spoken = name in SPOKEN_ATTRIBUTES or (
                name == "value" and tag == "input" and attributes.get("type") in BUTTON_INPUTS
            )
            if spoken and value and words(value):
                self.found.append((self.getpos()[0], f'{name}="{value.strip()}"'))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and words(data):
            self.found.append((self.getpos()[0], data.strip()))


def untranslated_text(source: str) -> list[tuple[int, str]]:
    found = []
    for block in JINJA.finditer(source):
        for argument in SPOKEN_ARGUMENT.finditer(block.group()):
            line = source.count("\n", 0, block.start() + argument.start()) + 1
            found.append((line, argument.group()))
    # Jinja's parts become blanks of the same lines, so line numbers stay true
    blanked = JINJA.sub(lambda match: " " + "\n" * match.group().count("\n"), source)
    finder = TextFinder()
    finder.feed(blanked)
    finder.close()
    return sorted(found + finder.found)


def test_the_scanner_finds_bare_text_and_spoken_attributes():
    source = (
        '<p>{{ _("Fine") }}</p><p>Bare words</p>'
        '<input placeholder="Type here"><input type="submit" value="Go">'
        '<button value="zh_Hans">{{ name }}</button><span>{{ n }} · 42 — GMV</span>'
        '{# a comment #}<script>var a = "x";</script>'
        '\n{{ field(form.name, hint="Shoppers see it") }}{{ field(form.x, hint=_("Fine")) }}'
    )
    assert [text for _, text in untranslated_text(source)] == [
        "Bare words",
        'placeholder="Type here"',
        'value="Go"',
        'hint="Shoppers see it"',
    ]


def test_the_scanner_checks_templates():
    assert len(checked_templates()) >= 20, "the folder list should find the templates"


@pytest.mark.parametrize(
    "template", checked_templates(), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_user_facing_text_goes_through_gettext(template):
    found = untranslated_text(template.read_text())
    listed = "; ".join(f"line {line}: {text!r}" for line, text in found)
    assert not found, f"{template.relative_to(TEMPLATES)} shows text outside gettext: {listed}"
