"""The portal's CSP refuses inline styles: the review queue's showed errors in the console.
None may come back in the desk's templates (the rendered queue is checked in a browser by
tests/browser/test_phone_width.py)."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "review"


def test_no_review_template_carries_an_inline_style():
    found = {
        path.name: re.findall(r"\sstyle\s*=|<style", path.read_text())
        for path in TEMPLATES.glob("*.html")
    }
    assert len(found) >= 5, "the scan should find the desk's templates"
    assert {name: hits for name, hits in found.items() if hits} == {}
