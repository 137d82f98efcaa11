"""Spaces around a filled-in word where Chinese sets none.

The Chinese catalogue leaves a space between Chinese text and a placeholder ("由 %(who)s 于
%(when)s 生成"), as Chinese typesetting does beside Latin letters and digits: "由
lin@example.com 于 2026年12月7日 生成". Filled with a Chinese word, the same spaces read as
stray ones: "由 您自己 于". Such a space is dropped where the word filled in begins (or ends)
with a Chinese character or full-width punctuation; the words' own spaces (a store named "小米
旗舰店") are kept.
"""

import re

# ideographs, and the full-width punctuation set beside them: a store name ending in a
# full-width parenthesis (U+FF09) takes no space before "的" either
_CHINESE = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60"
_CHINESE_CHARACTER = re.compile(f"[{_CHINESE}]")
_BEFORE = re.compile(rf"(?<=[{_CHINESE}]) %\((\w+)\)s")  # 由 %(who)s
_AFTER = re.compile(rf"%\((\w+)\)s (?=[{_CHINESE}])")  # %(who)s 于


def _chinese_at(variables: dict, name: str, index: int) -> bool:
    value = variables.get(name)
    text = "" if value is None else str(value)
    return bool(text) and _CHINESE_CHARACTER.match(text[index]) is not None


def tight(said: str, variables: dict) -> str:
    """``said`` (the catalogue's text, before anything is filled in) without the spaces that
    would stand between two Chinese characters once ``variables`` are."""
    if not variables or (" %(" not in said and ")s " not in said):
        return said
    out = _BEFORE.sub(
        lambda m: m.group(0)[1:] if _chinese_at(variables, m.group(1), 0) else m.group(0), said
    )
    out = _AFTER.sub(
        lambda m: m.group(0)[:-1] if _chinese_at(variables, m.group(1), -1) else m.group(0), out
    )
    return out


def before_next(label: str) -> str:
    """A label and the space that sets it off from what follows: "Stage: " in English, none
    after a Chinese label's full-width colon (U+FF1A), which carries its own space."""
    return label if label and _CHINESE_CHARACTER.match(label[-1]) else label + " "
