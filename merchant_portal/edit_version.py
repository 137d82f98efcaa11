"""What an editor was opened on, carried in its form as a short digest: two tabs, two
colleagues, or a page reopened with Back each save over the other without a word otherwise.
The save compares the digest with the row as it reads it under its lock, and a stale one is
refused with the form kept; the refused page carries the new digest, so saving again is a
choice made knowing."""

import hashlib
import json

from wtforms import HiddenField


class EditedElsewhere(Exception):
    """Saved by someone else (or another tab) after this editor was opened."""


def version_of(data: dict) -> str:
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def seen_field() -> HiddenField:
    """The digest the editor opened on (``version_of``); empty on a form that creates."""
    return HiddenField()
